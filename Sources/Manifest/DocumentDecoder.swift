import OrderedCollections
import YAML

/// Turns one YAML document of a manifest into typed applications and workflows (the `variables:`
/// block is read earlier, by ``VariableResolver``, because every document may use every variable).
struct DocumentDecoder {
    static let topLevelKeys = ["version", "account", "variables", "applications", "workflows"]
    static let applicationKeys = ["app", "name", "credentials", "id", "protect"]
    static let workflowKeys = [
        "name", "description", "template", "applications", "variables", "chain", "schedule", "deploy", "protect", "id",
    ]

    var reader: NodeReader
    /// Parsed cron expressions by text, shared by the decoders of one load: an estate repeats a
    /// few schedules thousands of times.
    let crons: CronCache
    var applications: [ApplicationSpec] = []
    var workflows: [WorkflowSpec] = []

    init(reader: NodeReader, crons: CronCache) {
        self.reader = reader
        self.crons = crons
    }

    mutating func decode(_ root: Node) {
        if root.isNull { return }
        guard let fields = reader.fields(root, "a manifest document", allowed: Self.topLevelKeys) else { return }
        if let version = fields["version"] {
            if let number = reader.integer(version, "version"), number != 1 {
                reader.error("unsupported manifest version \(number); this canvasctl reads version 1", at: version)
            }
        }
        let account = fields["account"].flatMap { reader.guid($0, "account") }?.value
        if let pairs = fields["applications"].flatMap({ reader.mapping($0, "applications") }) {
            for pair in pairs {
                if let application = decodeApplication(pair, account: account) { applications.append(application) }
            }
        }
        if let pairs = fields["workflows"].flatMap({ reader.mapping($0, "workflows") }) {
            for pair in pairs {
                if let workflow = decodeWorkflow(pair, account: account) { workflows.append(workflow) }
            }
        }
    }

    mutating func resourceKey(_ node: Node, _ kind: String) -> String? {
        guard let key = reader.key(node, "\(kind) key") else { return nil }
        guard NodeReader.isIdentifier(key) else {
            reader.error("\(kind) key '\(key)' may hold only letters, digits, '_' and '-', and may not start with '-'", at: node)
            return nil
        }
        return key
    }

    mutating func decodeApplication(_ pair: Pair, account: String?) -> ApplicationSpec? {
        guard let key = resourceKey(pair.key, "application") else { return nil }
        // Built only when a message needs it: this runs for every resource.
        func what() -> String { "application '\(key)'" }
        guard let fields = reader.fields(pair.value, what(), allowed: Self.applicationKeys) else { return nil }
        guard let appNode = fields["app"] else {
            reader.error("\(what()) needs 'app': the catalog application (name, shortName or id)", at: pair.key)
            return nil
        }
        guard let app = reader.namedReference(appNode, "'app' of \(what())") else { return nil }
        let name = fields["name"].flatMap { reader.name($0, "'name' of \(what())") } ?? Sourced(key, at: pair.key.mark)
        var credentials: OrderedDictionary<String, Sourced<ScalarValue>> = [:]
        if let credentialPairs = fields["credentials"].flatMap({ reader.mapping($0, "'credentials' of \(what())") }) {
            credentials.reserveCapacity(credentialPairs.count)
            for credential in credentialPairs {
                guard let field = reader.key(credential.key, "a credential field name"),
                      reader.unique(field, in: credentials.keys, at: credential.key) else { continue }
                guard var value = reader.scalar(credential.value, "credential '\(field)' of \(what())") else { continue }
                value.isSensitive = true
                credentials[field] = value
            }
        }
        return ApplicationSpec(
            key: key,
            location: pair.key.mark,
            account: account,
            app: app,
            name: name,
            credentials: credentials,
            id: fields["id"].flatMap { reader.guid($0, "'id' of \(what())") },
            protect: fields["protect"].flatMap { reader.bool($0, "'protect' of \(what())") } ?? false
        )
    }

    mutating func decodeWorkflow(_ pair: Pair, account: String?) -> WorkflowSpec? {
        guard let key = resourceKey(pair.key, "workflow") else { return nil }
        // Built only when a message needs it: this runs for every resource.
        func what() -> String { "workflow '\(key)'" }
        guard let fields = reader.fields(pair.value, what(), allowed: Self.workflowKeys) else { return nil }
        guard let templateNode = fields["template"] else {
            reader.error("\(what()) needs 'template': the workflow template (name or id)", at: pair.key)
            return nil
        }
        guard let template = reader.namedReference(templateNode, "'template' of \(what())") else { return nil }

        var slots: OrderedDictionary<String, Sourced<String>> = [:]
        if let slotPairs = fields["applications"].flatMap({ reader.mapping($0, "'applications' of \(what())") }) {
            slots.reserveCapacity(slotPairs.count)
            for slot in slotPairs {
                guard let name = reader.key(slot.key, "an application slot") else { continue }
                guard reader.unique(name, in: slots.keys, at: slot.key) else { continue }
                if let application = reader.reference(slot.value, "application slot '\(name)' of \(what())") {
                    slots[name] = application
                }
            }
        }

        var variables: OrderedDictionary<String, Sourced<VariableValue>> = [:]
        if let variablePairs = fields["variables"].flatMap({ reader.mapping($0, "'variables' of \(what())") }) {
            variables.reserveCapacity(variablePairs.count)
            for variable in variablePairs {
                guard let name = reader.key(variable.key, "a workflow variable name"),
                      reader.unique(name, in: variables.keys, at: variable.key) else { continue }
                if let value = variableValue(variable.value, "variable '\(name)' of \(what())") {
                    variables[name] = value
                }
            }
        }

        var chain: OrderedDictionary<String, OrderedDictionary<String, Sourced<ChainVariable>>> = [:]
        if let blocks = fields["chain"].flatMap({ reader.mapping($0, "'chain' of \(what())") }) {
            chain.reserveCapacity(blocks.count)
            for block in blocks {
                guard let blockName = reader.key(block.key, "a chain block name"),
                      reader.unique(blockName, in: chain.keys, at: block.key) else { continue }
                guard let settings = reader.mapping(block.value, "chain block '\(blockName)' of \(what())") else { continue }
                var blockVariables: OrderedDictionary<String, Sourced<ChainVariable>> = [:]
                blockVariables.reserveCapacity(settings.count)
                for setting in settings {
                    guard let name = reader.key(setting.key, "a block variable name"),
                          reader.unique(name, in: blockVariables.keys, at: setting.key) else { continue }
                    if let value = chainVariable(setting.value, "block variable '\(name)' in chain block '\(blockName)' of \(what())") {
                        blockVariables[name] = value
                    }
                }
                chain[blockName] = blockVariables
            }
        }

        return WorkflowSpec(
            key: key,
            location: pair.key.mark,
            account: account,
            name: fields["name"].flatMap { reader.name($0, "'name' of \(what())") } ?? Sourced(key, at: pair.key.mark),
            description: fields["description"].flatMap { reader.string($0, "'description' of \(what())") },
            template: template,
            applications: slots,
            variables: variables,
            chain: chain,
            schedule: fields.pair("schedule").flatMap { schedule($0, what()) },
            deploy: fields["deploy"].flatMap { reader.bool($0, "'deploy' of \(what())") } ?? false,
            protect: fields["protect"].flatMap { reader.bool($0, "'protect' of \(what())") } ?? false,
            id: fields["id"].flatMap { reader.guid($0, "'id' of \(what())") }
        )
    }

    /// A scalar, a list of scalars, or a lookup table `{table: [{source, target}], default}`.
    mutating func variableValue(_ node: Node, _ what: @autoclosure () -> String) -> Sourced<VariableValue>? {
        switch node.content {
        case .scalar:
            return reader.scalar(node, what()).map { Sourced(.scalar($0.value), at: node.mark, isSensitive: $0.isSensitive) }
        case .sequence(let items):
            var values: [ScalarValue] = []
            values.reserveCapacity(items.count)
            var sensitive = false
            for item in items {
                guard let value = reader.scalar(item, "an item of \(what())") else { continue }
                values.append(value.value)
                sensitive = sensitive || value.isSensitive
            }
            return Sourced(.list(values), at: node.mark, isSensitive: sensitive)
        case .mapping:
            func tableWhat() -> String { "lookup table \(what())" }
            guard let fields = reader.fields(node, tableWhat(), allowed: ["table", "default"]) else { return nil }
            guard let tableNode = fields["table"] else {
                reader.error("\(tableWhat()) needs 'table': a list of {source, target} rows", at: node)
                return nil
            }
            var sensitive = false
            var rows: [LookupTable.Row] = []
            if let items = tableNode.items {
                rows.reserveCapacity(items.count)
                for item in items {
                    guard let row = reader.fields(item, "a row of \(tableWhat())", allowed: ["source", "target"]) else { continue }
                    guard let sourceNode = row["source"], let targetNode = row["target"] else {
                        reader.error("a row of \(tableWhat()) needs 'source' and 'target' (target may be null)", at: item)
                        continue
                    }
                    guard let source = reader.scalar(sourceNode, "'source' in \(tableWhat())"),
                          let target = reader.scalar(targetNode, "'target' in \(tableWhat())") else { continue }
                    sensitive = sensitive || source.isSensitive || target.isSensitive
                    rows.append(LookupTable.Row(source: source.value, target: target.value))
                }
            } else {
                reader.error("'table' of \(tableWhat()) must be a sequence of {source, target} rows, found \(tableNode.kindDescription)", at: tableNode)
            }
            let defaultValue = fields["default"].flatMap { reader.scalar($0, "'default' of \(tableWhat())") }
            sensitive = sensitive || defaultValue?.isSensitive == true
            let table = LookupTable(rows: rows, defaultValue: defaultValue?.value ?? .null)
            return Sourced(.lookupTable(table), at: node.mark, isSensitive: sensitive)
        }
    }

    mutating func chainVariable(_ node: Node, _ what: @autoclosure () -> String) -> Sourced<ChainVariable>? {
        guard let fields = reader.fields(node, what(), allowed: ["variableSource", "variableName", "value"]) else { return nil }
        guard let sourceNode = fields["variableSource"], let nameNode = fields["variableName"] else {
            reader.error("\(what()) needs 'variableSource' and 'variableName' (and may have 'value')", at: node)
            return nil
        }
        let source = reader.integer(sourceNode, "'variableSource' of \(what())")
        let name = reader.name(nameNode, "'variableName' of \(what())")
        var value: Sourced<VariableValue>?
        if let valueNode = fields["value"] {
            if valueNode.pairs != nil {
                reader.error("'value' of \(what()) must be a scalar, a list or null", at: valueNode)
            } else {
                value = variableValue(valueNode, "'value' of \(what())")
            }
        }
        let sensitive = name?.isSensitive == true || value?.isSensitive == true
        return Sourced(
            ChainVariable(variableSource: source, variableName: name?.value, value: value?.value),
            at: node.mark,
            isSensitive: sensitive
        )
    }

    mutating func schedule(_ pair: Pair, _ what: @autoclosure () -> String) -> ScheduleSpec? {
        // Built only when a message needs it, as `what`.
        func scheduleWhat() -> String { "'schedule' of \(what())" }
        guard let fields = reader.fields(pair.value, scheduleWhat(), allowed: ["cron", "enabled"]) else { return nil }
        guard let cronNode = fields["cron"] else {
            reader.error("\(scheduleWhat()) needs 'cron': a Quartz cron expression such as \"0 0 2 ? * MON-FRI\"", at: pair.key)
            return nil
        }
        guard let text = reader.string(cronNode, "'cron' of \(what())") else { return nil }
        let enabled = fields["enabled"].flatMap { reader.bool($0, "'enabled' of \(scheduleWhat())") } ?? true
        do throws(CronExpression.ParseError) {
            let cron: CronExpression
            if let cached = crons[text.value] {
                cron = cached
            } else {
                cron = try CronExpression(text.value)
                crons[text.value] = cron
            }
            return ScheduleSpec(cron: Sourced(cron, at: cronNode.mark, isSensitive: text.isSensitive), enabled: enabled, location: pair.key.mark)
        } catch {
            // A secret that was not read (a note, in `validate`) has no value to check.
            if text.isSensitive, reader.missingSecrets.contains(where: { text.value.contains($0.interpolation) }) { return nil }
            // Point at the bad field when the text is the scalar as written (no interpolation).
            var location = cronNode.mark
            if let scalar = cronNode.scalar, scalar.text == text.value {
                let offset = text.value.prefix(error.offset).unicodeScalars.count
                location = Interpolator.place(inside: scalar, at: cronNode.mark, offset: offset)
            }
            let detail = text.isSensitive
                ? "the \(error.field?.rawValue ?? "expression") is wrong (the value is sensitive and not shown)"
                : error.message
            reader.diagnostics.append(Diagnostic("invalid cron expression in \(what()): \(detail)", at: location))
            return nil
        }
    }
}
