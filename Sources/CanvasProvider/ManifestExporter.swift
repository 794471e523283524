public import CanvasAPI
import JSONSupport
import Manifest
import YAML

/// `canvasctl export`'s core: live accounts written as a manifest set, one file per account, that
/// plans with no changes once the credentials are set (product-spec section 2).
///
/// Pure: it takes the accounts as read and returns the files' text, the resources they adopt and
/// what a person has to do next. What the reads do not return is written so that a person sees it:
/// credentials as `${env:KEY_FIELD}` placeholders (listed in ``ManifestExport/placeholders``),
/// workflow variables and chain settings as the template's defaults under a `review:` comment.
/// What cannot be managed (a workflow without a template, or using an application that is not
/// exported) is left out and listed, so it stays unmanaged.
public struct ManifestExporter: Sendable {
    /// One account to export.
    public struct Account: Sendable {
        /// Nil for the API keys' own account.
        public var id: CanvasID?
        public var live: LiveState
        /// How the file's header names the account (`account be4f… (Jane Doe, Acme)`).
        public var label: String
        /// The fields (`name`, `description`) of live resources, by id, that the state records as
        /// taken from a secret: they are written as `${env:}` placeholders, never as their value.
        public var secretFields: [CanvasID: Set<String>]

        public init(id: CanvasID?, live: LiveState, label: String, secretFields: [CanvasID: Set<String>] = [:]) {
            self.id = id
            self.live = live
            self.label = label
            self.secretFields = secretFields
        }

        /// The file the account's manifests go to: `own-account.yaml`, or `account-<first 8 of its id>.yaml`.
        public var fileName: String {
            id.map { "account-\($0.rawValue.prefix(8)).yaml" } ?? "own-account.yaml"
        }
    }

    public init() {}

    public func export(_ accounts: [Account], generatedOn date: String) -> ManifestExport {
        var result = ManifestExport()
        var keys = KeyNamer()
        for account in accounts {
            let (text, adopted) = document(for: account, keys: &keys, date: date, into: &result)
            result.files.append(ManifestExport.File(name: account.fileName, text: text))
            result.adopted.merge(adopted) { first, _ in first }
        }
        return result
    }

    // MARK: One account

    private func document(
        for account: Account, keys: inout KeyNamer, date: String, into result: inout ManifestExport
    ) -> (String, [String: ManifestExport.Adoption]) {
        let live = account.live
        let accountText = account.id?.rawValue
        var adopted: [String: ManifestExport.Adoption] = [:]
        /// A name or description as written: the live text, or a placeholder where it is a secret.
        func text(_ value: String, _ field: String, of id: CanvasID, address: String, key: String) -> String {
            guard account.secretFields[id]?.contains(field) == true else { return Self.literal(value) }
            let variable = KeyNamer.environmentName(key: key, field: field)
            result.placeholders.append(.init(variable: variable, address: address, field: field, choices: [], liveValue: value))
            return "${env:\(variable)}"
        }
        /// Whether a resource's name is a secret: then neither its key nor a message is made from it.
        func isSecretName(_ id: CanvasID) -> Bool { account.secretFields[id]?.contains("name") == true }

        // Applications.
        var applicationKeys: [CanvasID: String] = [:]
        var applications: [YAMLEmitter.Entry] = []
        for registered in live.registeredApplications.sorted(by: { (($0.tagText ?? "").lowercased(), $0.id.rawValue) < (($1.tagText ?? "").lowercased(), $1.id.rawValue) }) {
            guard let catalog = live.catalog.first(where: { $0.id == registered.applicationId }) else {
                result.skipped.append(.init(kind: "application", id: registered.id.rawValue,
                                            name: isSecretName(registered.id) ? nil : registered.tagText ?? "",
                                            reason: "its catalog application \(registered.applicationId) is not in the catalog"))
                continue
            }
            let key = keys.key(for: isSecretName(registered.id) ? "" : registered.tagText ?? "", fallback: "application")
            applicationKeys[registered.id] = key
            adopted["application.\(key)"] = .init(id: registered.id, account: accountText)
            var fields: [YAMLEmitter.Entry] = [
                .init("app", .string(Self.reference(catalog.id, name: catalog.name, among: live.catalog.flatMap { [$0.name, $0.shortName] }))),
                .init("name", .string(text(registered.tagText ?? "", "name", of: registered.id, address: "application.\(key)", key: key))),
            ]
            if live.registeredApplications.count(where: { $0.tagText == registered.tagText }) > 1 {
                fields.append(.init("id", .string(registered.id.rawValue), trailingComment: "pinned: another application has this name"))
            }
            let credentialFields = catalog.credentialFields ?? []
            var credentials: [YAMLEmitter.Entry] = []
            for field in credentialFields where field.optional != true {
                let variable = KeyNamer.environmentName(key: key, field: field.shortName)
                result.placeholders.append(.init(
                    variable: variable, address: "application.\(key)", field: field.shortName, choices: field.choices.map(\.value)
                ))
                let hint = field.choices.isEmpty ? field.name : "one of " + field.choices.map(\.value).joined(separator: ", ")
                credentials.append(.init(field.shortName, .string("${env:\(variable)}"), trailingComment: hint))
            }
            let optional = credentialFields.filter { $0.optional == true }.map(\.shortName)
            if !credentials.isEmpty {
                let comments = optional.isEmpty ? [] : ["optional, not exported: " + optional.joined(separator: ", ")]
                fields.append(.init("credentials", .mapping(credentials), comments: comments))
            }
            applications.append(.init(key, .mapping(fields)))
        }

        // Workflows.
        var workflows: [YAMLEmitter.Entry] = []
        for workflow in live.workflows.sorted(by: { (($0.name ?? "").lowercased(), $0.id.rawValue) < (($1.name ?? "").lowercased(), $1.id.rawValue) }) {
            func skip(_ reason: String) {
                result.skipped.append(.init(kind: "workflow", id: workflow.id.rawValue, name: isSecretName(workflow.id) ? nil : workflow.name ?? "", reason: reason))
            }
            guard let templateID = workflow.workflowTemplateId else { skip("it was not made from a template"); continue }
            guard let template = live.templates.first(where: { $0.id == templateID }) else {
                skip("its template \(templateID) is not among the account's templates"); continue
            }
            var slots: [YAMLEmitter.Entry] = []
            var unmapped: String?
            for id in workflow.regApplicationIds ?? [] {
                guard let registered = live.registeredApplications.first(where: { $0.id == id }), let key = applicationKeys[id] else {
                    unmapped = "it uses registered application \(id), which is not exported"; break
                }
                guard let slot = template.applications?.first(where: { $0.id == registered.applicationId })?.shortName else {
                    unmapped = "its application \(id) fills no slot of template \(template.name ?? template.id.rawValue)"; break
                }
                slots.append(.init(slot, .string(key)))
            }
            if let unmapped { skip(unmapped); continue }

            let key = keys.key(for: isSecretName(workflow.id) ? "" : workflow.name ?? "", fallback: "workflow")
            adopted["workflow.\(key)"] = .init(id: workflow.id, account: accountText)
            var fields: [YAMLEmitter.Entry] = [.init("name", .string(text(workflow.name ?? "", "name", of: workflow.id, address: "workflow.\(key)", key: key)))]
            if live.workflows.count(where: { $0.name == workflow.name }) > 1 {
                fields.append(.init("id", .string(workflow.id.rawValue), trailingComment: "pinned: another workflow has this name"))
            }
            if let description = workflow.description, !description.isEmpty {
                fields.append(.init("description", .string(text(description, "description", of: workflow.id, address: "workflow.\(key)", key: key))))
            }
            fields.append(.init("template", .string(Self.reference(template.id, name: template.name, among: live.templates.map(\.name)))))
            if !slots.isEmpty { fields.append(.init("applications", .mapping(slots.sorted { $0.key < $1.key }))) }

            let (variables, withoutDefault) = templateVariables(template)
            let chain = templateChain(template)
            if !variables.isEmpty || !chain.isEmpty || !withoutDefault.isEmpty {
                result.reviews.append("workflow.\(key)")
            }
            var review = [
                "review: variables and chain settings cannot be read from Canvas; these are the",
                "template's defaults. Check them against the workflow in Canvas before the next apply.",
            ]
            if !withoutDefault.isEmpty { review.append("Template variables with no default, not written: " + withoutDefault.joined(separator: ", ")) }
            if !variables.isEmpty {
                fields.append(.init("variables", .mapping(variables), comments: review))
                review = []
            }
            if !chain.isEmpty {
                fields.append(.init("chain", .mapping(chain), comments: review))
                review = []
            }

            if workflow.isScheduled == true, let cron = workflow.schedulerFrequency?.cronSchedule {
                if (try? CronExpression(cron)) != nil {
                    fields.append(.init("schedule", .mapping([.init("cron", .string(cron))])))
                } else {
                    result.warnings.append("workflow.\(key): its live cron \"\(cron)\" is not a Quartz cron canvasctl reads; its schedule is left out")
                }
            }
            workflows.append(.init(key, .mapping(fields)))
        }

        var root: [YAMLEmitter.Entry] = [.init("version", .int(1), spaced: true)]
        if let id = account.id { root.append(.init("account", .string(id.rawValue))) }
        if !applications.isEmpty { root.append(.init("applications", .mapping(applications), spaced: true)) }
        if !workflows.isEmpty { root.append(.init("workflows", .mapping(workflows), spaced: true)) }
        let header = [
            "Exported by canvasctl export from \(account.label) on \(date).",
            "Credentials cannot be read from Canvas: they are ${env:…} placeholders. Set each variable",
            "named below to the credential's current value before canvasctl plan.",
            "Workflow variables and chain settings cannot be read either: see the review: comments.",
        ]
        return (YAMLEmitter().emit(.mapping(root), header: header), adopted)
    }

    /// The template's variables with a default, as manifest values; and the names of those without.
    private func templateVariables(_ template: WorkflowTemplate) -> ([YAMLEmitter.Entry], [String]) {
        var entries: [YAMLEmitter.Entry] = []
        var withoutDefault: [String] = []
        for (name, variable) in (template.variables ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let value = variable.value, !value.isNull, let node = Self.node(value, lookupTable: variable.type?.uppercased() == "LOOKUP_TABLE") else {
                withoutDefault.append(name)
                continue
            }
            entries.append(.init(name, node))
        }
        return (entries, withoutDefault)
    }

    /// The template's blocks' variable settings, by block name (or id where names repeat).
    private func templateChain(_ template: WorkflowTemplate) -> [YAMLEmitter.Entry] {
        let blocks = template.chain ?? []
        var entries: [YAMLEmitter.Entry] = []
        for block in blocks {
            let name = block.blockName ?? ""
            let unique = !name.isEmpty && blocks.filter { $0.blockName?.lowercased() == name.lowercased() }.count == 1
            var settings: [YAMLEmitter.Entry] = []
            for (variableName, variable) in (block.variables ?? [:]).sorted(by: { $0.key < $1.key }) {
                var fields: [YAMLEmitter.Entry] = []
                if let source = variable.variableSource { fields.append(.init("variableSource", .int(source))) }
                if let bound = variable.variableName { fields.append(.init("variableName", .string(bound))) }
                if let value = variable.value, !value.isNull, let node = Self.node(value, lookupTable: false) { fields.append(.init("value", node)) }
                guard !fields.isEmpty else { continue }
                settings.append(.init(variableName, .flowMapping(fields)))
            }
            if !settings.isEmpty { entries.append(.init(unique ? name : block.uniqueBlockId.rawValue, .mapping(settings))) }
        }
        return entries
    }

    // MARK: Values

    /// A JSON value as a manifest value: scalars, lists of scalars, or a lookup table; nil for a
    /// shape the manifest language has no form for.
    static func node(_ value: JSONValue, lookupTable: Bool) -> YAMLEmitter.Node? {
        switch value {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .number(let number):
            return number.rounded() == number && abs(number) < 1e15 ? .int(Int(number)) : .float(number)
        case .string(let text): return .string(literal(text))
        case .array(let items):
            var nodes: [YAMLEmitter.Node] = []
            for item in items {
                guard let node = node(item, lookupTable: false), !isCollection(node) else { return nil }
                nodes.append(node)
            }
            return .sequence(nodes)
        case .object(let fields):
            guard lookupTable, case .array(let rows)? = fields["table"] else { return nil }
            var table: [YAMLEmitter.Node] = []
            for row in rows {
                guard case .object(let pair) = row, let source = pair["source"].flatMap({ node($0, lookupTable: false) }),
                      let target = pair["target"].flatMap({ node($0, lookupTable: false) }),
                      !isCollection(source), !isCollection(target) else { return nil }
                table.append(.flowMapping([.init("source", source), .init("target", target)]))
            }
            let fallback = fields["default"].flatMap { node($0, lookupTable: false) } ?? .null
            guard !isCollection(fallback) else { return nil }
            return .mapping([.init("table", table.isEmpty ? .sequence([]) : .sequence(table)), .init("default", fallback)])
        }
    }

    private static func isCollection(_ node: YAMLEmitter.Node) -> Bool {
        switch node {
        case .sequence, .mapping, .flowMapping: true
        default: false
        }
    }

    /// A live string as a manifest string: `${` is written `$${`, so that it is not read as an
    /// interpolation.
    static func literal(_ text: String) -> String {
        var result = ""
        var index = text.startIndex
        while index < text.endIndex {
            if text[index...].hasPrefix("${") {
                result += "$${"
                index = text.index(index, offsetBy: 2)
            } else {
                result.append(text[index])
                index = text.index(after: index)
            }
        }
        return result
    }

    /// A catalog application or template by its name when no other has that name (ignoring case),
    /// else by id.
    static func reference(_ id: CanvasID, name: String?, among names: [String?]) -> String {
        guard let name, !name.isEmpty, !name.contains("${") else { return id.rawValue }
        let count = names.count { $0?.lowercased() == name.lowercased() }
        return count == 1 ? name : id.rawValue
    }
}

/// What ``ManifestExporter`` produced: the files, the resources they adopt, and what a person must
/// do or know.
public struct ManifestExport: Sendable {
    public struct File: Sendable {
        public var name: String
        public var text: String
    }

    /// An environment variable a placeholder reads: a credential's, or a name's or description's
    /// that the state records as a secret.
    public struct Placeholder: Sendable, Hashable, CustomStringConvertible {
        public var variable: String
        public var address: String
        public var field: String
        /// The values a select field takes; empty for a free field.
        public var choices: [String]
        /// The live value, where the read returns it (a secret name or description), for reading
        /// the export back and adopting it; never written or shown.
        public var liveValue: String?

        public var description: String { "Placeholder(\(variable), \(address) \(field))" }
    }

    /// A live resource that is adopted: its address's live id and account.
    public struct Adoption: Sendable, Hashable {
        public var id: CanvasID
        public var account: String?
    }

    /// A live resource left out (so it stays unmanaged), and why.
    public struct Skipped: Sendable, Hashable {
        public var kind: String
        public var id: String
        /// Nil where the state records the name as a secret.
        public var name: String?
        public var reason: String
    }

    public var files: [File] = []
    public var placeholders: [Placeholder] = []
    /// By address.
    public var adopted: [String: Adoption] = [:]
    public var skipped: [Skipped] = []
    /// Workflows whose variables or chain settings were written from template defaults.
    public var reviews: [String] = []
    public var warnings: [String] = []
}
