import CanvasAPI
public import Manifest
import OrderedCollections
import Reconciler
import YAML

/// Resolves a loaded manifest set against the live catalogs and templates of its accounts: the
/// "desired state" step of a plan.
///
/// Every application's catalog application is found (by id, name or shortName) and its credentials
/// checked against the catalog's `credentialFields`; every workflow's template is found (by id or
/// name), its slots mapped onto instances of the right catalog applications, its variables and chain
/// checked against the template. Like the manifest loader, it collects every problem as a
/// ``Diagnostic`` at the manifest place concerned and throws them all together. Credential values
/// never appear in a message.
public enum DesiredStateResolver {
    /// - Parameters:
    ///   - set: a loaded manifest set.
    ///   - live: the live state of each account of the set, keyed as ``ManifestSet`` writes accounts
    ///     (a lower-cased GUID, nil for the API keys' own account).
    public static func resolve(_ set: ManifestSet, live: [String?: LiveState]) throws(ManifestErrors) -> DesiredState {
        var diagnostics: [Diagnostic] = []
        var applications: [ResolvedApplication] = []
        var catalogOfKey: [String: CatalogApplication] = [:]
        // The options of every select field of every catalog application, read from their text
        // once per account rather than once per application that fills the field.
        let choices = live.mapValues { Self.selectChoices(of: $0.catalog) }
        // Each application on its own, in parallel; merged in the manifests' order.
        let applicationSpecs = set.applications
        let applicationOutcomes = ConcurrentChunks.map(count: applicationSpecs.count) { range in
            range.map { index -> (application: ResolvedApplication?, diagnostics: [Diagnostic]) in
                var diagnostics: [Diagnostic] = []
                let spec = applicationSpecs[index]
                guard let state = liveState(of: spec.account, in: live, at: spec.location, diagnostics: &diagnostics),
                      let catalogApplication = resolveApplication(spec, catalog: state.catalog, diagnostics: &diagnostics) else {
                    return (nil, diagnostics)
                }
                checkCredentials(
                    spec, catalogApplication: catalogApplication, choices: choices[spec.account]?[catalogApplication.id] ?? [:],
                    diagnostics: &diagnostics
                )
                return (ResolvedApplication(spec: spec, catalogApplication: catalogApplication), diagnostics)
            }
        }
        for outcome in applicationOutcomes {
            diagnostics += outcome.diagnostics
            guard let application = outcome.application else { continue }
            applications.append(application)
            if catalogOfKey[application.spec.key] == nil { catalogOfKey[application.spec.key] = application.catalogApplication }
        }
        // Each workflow on its own, in parallel; merged in the manifests' order.
        let specs = set.workflows
        let catalog = catalogOfKey
        let templateIndexes = live.mapValues { TemplateIndex($0.templates) }
        let outcomes = ConcurrentChunks.map(count: specs.count) { range in
            range.map { index -> (workflow: ResolvedWorkflow?, diagnostics: [Diagnostic]) in
                var diagnostics: [Diagnostic] = []
                let spec = specs[index]
                guard liveState(of: spec.account, in: live, at: spec.location, diagnostics: &diagnostics) != nil,
                      let templates = templateIndexes[spec.account],
                      let entry = resolveTemplate(spec, templates: templates, diagnostics: &diagnostics) else { return (nil, diagnostics) }
                let slots = resolveSlots(spec, template: entry.shared.value, catalogOfKey: catalog, diagnostics: &diagnostics)
                checkVariables(spec, template: entry, diagnostics: &diagnostics)
                checkChain(spec, template: entry.shared.value, diagnostics: &diagnostics)
                return (ResolvedWorkflow(spec: spec, sharedTemplate: entry.shared, slots: slots), diagnostics)
            }
        }
        var workflows: [ResolvedWorkflow] = []
        workflows.reserveCapacity(outcomes.count)
        for outcome in outcomes {
            diagnostics += outcome.diagnostics
            if let workflow = outcome.workflow { workflows.append(workflow) }
        }
        guard diagnostics.isEmpty else { throw ManifestErrors(Diagnostic.ordered(diagnostics, files: set.files)) }
        return DesiredState(applications: applications, workflows: workflows)
    }

    // MARK: Accounts

    private static func liveState(
        of account: String?, in live: [String?: LiveState], at location: Mark, diagnostics: inout [Diagnostic]
    ) -> LiveState? {
        if let state = live[account] { return state }
        let name = account.map { "account \($0)" } ?? "the API keys' own account"
        diagnostics.append(Diagnostic("no live state was read for \(name); read every account of the set before resolving it", at: location))
        return nil
    }

    // MARK: Applications

    private static func resolveApplication(
        _ spec: ApplicationSpec, catalog: [CatalogApplication], diagnostics: inout [Diagnostic]
    ) -> CatalogApplication? {
        let reference = spec.app.value
        let shown = display(spec.app)
        if let id = CanvasID(reference), let match = catalog.first(where: { $0.id == id }) {
            return match
        }
        let byName = catalog.filter { $0.name.map { equalIgnoringCase($0, reference) } == true }
        let matches = byName.isEmpty ? catalog.filter { $0.shortName.map { equalIgnoringCase($0, reference) } == true } : byName
        if matches.count == 1 { return matches[0] }
        if matches.isEmpty {
            let names = catalog.compactMap(\.name)
            let hint = spec.app.isSensitive ? "" : Suggestion.hint(for: reference, among: names)
            let fallback = hint.isEmpty && !spec.app.isSensitive ? Suggestion.hint(for: reference, among: catalog.compactMap(\.shortName)) : hint
            diagnostics.append(Diagnostic(
                "application '\(spec.key)' refers to unknown catalog application '\(shown)'; write the name, shortName or id of a catalog application"
                    + fallback,
                at: spec.app.location
            ))
        } else {
            let listed = matches.map { "'\($0.name ?? "")' (\($0.shortName ?? "-"), id \($0.id))" }.joined(separator: ", ")
            diagnostics.append(Diagnostic(
                "application '\(spec.key)' refers to catalog application '\(shown)', which matches \(matches.count) catalog applications: "
                    + "\(listed); write the id of the one you mean in `app:`",
                at: spec.app.location
            ))
        }
        return nil
    }

    /// Per catalog application, the choices of each of its select fields, by the field's position
    /// in its `credentialFields`. (An id the catalog lists twice is left out: its fields are read
    /// from the application itself.)
    private static func selectChoices(of catalog: [CatalogApplication]) -> [CanvasID: [Int: [CredentialField.Choice]]] {
        var listed: [CanvasID: Int] = [:]
        for application in catalog { listed[application.id, default: 0] += 1 }
        var choices: [CanvasID: [Int: [CredentialField.Choice]]] = [:]
        for application in catalog where listed[application.id] == 1 {
            var fields: [Int: [CredentialField.Choice]] = [:]
            for (position, field) in (application.credentialFields ?? []).enumerated() where isSelect(field) {
                fields[position] = field.choices
            }
            choices[application.id] = fields
        }
        return choices
    }

    private static func isSelect(_ field: CredentialField) -> Bool {
        field.type.map { $0.utf8.count == "select".utf8.count && $0.lowercased() == "select" } == true
    }

    /// Checks an application's credentials against its catalog application's fields; `choices`
    /// are the options of its select fields (``selectChoices(of:)``).
    private static func checkCredentials(
        _ spec: ApplicationSpec, catalogApplication: CatalogApplication, choices choicesOfField: [Int: [CredentialField.Choice]],
        diagnostics: inout [Diagnostic]
    ) {
        let fields = catalogApplication.credentialFields ?? []
        let appName = catalogApplication.name ?? catalogApplication.shortName ?? catalogApplication.id.rawValue
        let fieldNames = fields.map(\.shortName)
        for (key, value) in spec.credentials where !fieldNames.contains(key) {
            let known = fieldNames.isEmpty ? "it has no credential fields" : "its fields are " + fieldNames.joined(separator: ", ")
            diagnostics.append(Diagnostic(
                "application '\(spec.key)' sets unknown credential '\(key)': catalog application '\(appName)' has no such field "
                    + "(\(known)); remove it or correct its name" + Suggestion.hint(for: key, among: fieldNames),
                at: value.location
            ))
        }
        var missing: [String] = []
        for (position, field) in fields.enumerated() {
            var label: String { field.name.map { "'\(field.shortName)' (\($0))" } ?? "'\(field.shortName)'" }
            guard let value = spec.credentials[field.shortName], let text = credentialText(value.value) else {
                if field.optional != true { missing.append(label) }
                continue
            }
            guard isSelect(field) else { continue }
            let choices = choicesOfField[position] ?? field.choices
            if !choices.isEmpty, !choices.contains(where: { $0.value == text }) {
                // The value is a secret: the message lists what is allowed, never what was given.
                let allowed = choices.map { $0.label == $0.value ? $0.value : "\($0.value) (\($0.label))" }.joined(separator: ", ")
                diagnostics.append(Diagnostic(
                    "credential \(label) of application '\(spec.key)' is not one of the options of catalog application '\(appName)'; "
                        + "use one of: \(allowed)",
                    at: value.location
                ))
            }
        }
        if !missing.isEmpty {
            let noun = missing.count == 1 ? "credential" : "credentials"
            diagnostics.append(Diagnostic(
                "application '\(spec.key)' is missing required \(noun) \(missing.joined(separator: ", ")) of catalog application "
                    + "'\(appName)'; add \(missing.count == 1 ? "it" : "them") under `credentials:`",
                at: spec.location
            ))
        }
    }

    /// A credential as the text a form field would hold; nil when there is none (null or blank).
    private static func credentialText(_ value: ScalarValue) -> String? {
        switch value {
        case .null: return nil
        case .string(let text): return text.allSatisfy(\.isWhitespace) ? nil : text
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .float(let number): return String(number)
        }
    }

    // MARK: Templates

    private static func resolveTemplate(
        _ spec: WorkflowSpec, templates: TemplateIndex, diagnostics: inout [Diagnostic]
    ) -> TemplateIndex.Entry? {
        let reference = spec.template.value
        let shown = display(spec.template)
        var match: TemplateIndex.Entry?
        if let id = CanvasID(reference) { match = templates.template(id: id) }
        if match == nil {
            let byName = templates.templates(named: reference)
            if byName.count > 1 {
                let listed = byName.map { "'\($0.template.name ?? "")' (id \($0.template.id))" }.joined(separator: ", ")
                diagnostics.append(Diagnostic(
                    "workflow '\(spec.key)' refers to template '\(shown)', which matches \(byName.count) templates: \(listed); "
                        + "write the id of the one you mean in `template:`",
                    at: spec.template.location
                ))
                return nil
            }
            match = byName.first
        }
        guard let template = match else {
            let hint = spec.template.isSensitive ? "" : Suggestion.hint(for: reference, among: templates.names)
            diagnostics.append(Diagnostic(
                "workflow '\(spec.key)' refers to unknown template '\(shown)'; write the name or id of a workflow template" + hint,
                at: spec.template.location
            ))
            return nil
        }
        guard template.isFull else {
            diagnostics.append(Diagnostic(
                "workflow '\(spec.key)': template '\(templateName(template.template))' was read in its list form, without its variables' "
                    + "types, so the workflow cannot be checked; read it in full (LiveState.read with this template's reference)",
                at: spec.template.location
            ))
            return nil
        }
        return template
    }

    /// Whether a template is in its detailed form (`WorkflowTemplate/{id}`): the list form has
    /// variables with only a `value`, and may have none at all.
    // MARK: Slots

    private static func resolveSlots(
        _ spec: WorkflowSpec, template: WorkflowTemplate, catalogOfKey: [String: CatalogApplication],
        diagnostics: inout [Diagnostic]
    ) -> [String: String] {
        let templateSlots = template.applications ?? []
        var slotNames: [String] { templateSlots.compactMap(\.shortName) }
        var name: String { templateName(template) }
        var slots = [String: String](minimumCapacity: spec.applications.count)
        for (slot, reference) in spec.applications {
            let matched = templateSlots.first { $0.shortName == slot }
                ?? templateSlots.first { $0.shortName.map { equalIgnoringCase($0, slot) } == true }
            guard let slotApplication = matched, let slotName = slotApplication.shortName else {
                let known = slotNames.isEmpty ? "it has no application slots" : "its slots are " + slotNames.joined(separator: ", ")
                diagnostics.append(Diagnostic(
                    "workflow '\(spec.key)' maps unknown slot '\(slot)' of template '\(name)' (\(known)); use a slot's shortName"
                        + Suggestion.hint(for: slot, among: slotNames),
                    at: reference.location
                ))
                continue
            }
            slots[slotName] = reference.value
            // An unknown application key is the manifest checker's error; one that did not resolve has its own.
            // (The id looked at in place: the application is not copied for it.)
            guard let index = catalogOfKey.index(forKey: reference.value), catalogOfKey.values[index].id != slotApplication.id else { continue }
            let catalogApplication = catalogOfKey.values[index]
            diagnostics.append(Diagnostic(
                "slot '\(slotName)' of workflow '\(spec.key)' needs an instance of catalog application "
                    + "'\(slotApplication.name ?? slotName)', but application '\(reference.value)' is an instance of "
                    + "'\(catalogApplication.name ?? catalogApplication.shortName ?? catalogApplication.id.rawValue)'; "
                    + "map the slot to an application whose `app:` is '\(slotApplication.name ?? slotName)'",
                at: reference.location
            ))
        }
        let unmapped = templateSlots.filter { application in
            application.shortName.map { slots[$0] == nil } ?? false
        }
        if !unmapped.isEmpty {
            let listed = unmapped.map { "'\($0.shortName ?? "")' (\($0.name ?? $0.shortName ?? ""))" }.joined(separator: ", ")
            let noun = unmapped.count == 1 ? "slot" : "slots"
            diagnostics.append(Diagnostic(
                "workflow '\(spec.key)' does not map template \(noun) \(listed) of template '\(name)'; add "
                    + "\(unmapped.count == 1 ? "it" : "them") under `applications:` (slot: application key)",
                at: spec.location
            ))
        }
        return slots
    }

    // MARK: Variables

    private static func checkVariables(_ spec: WorkflowSpec, template entry: TemplateIndex.Entry, diagnostics: inout [Diagnostic]) {
        // (Read in the shared template: `entry.template` would copy it, every string of it retained.)
        let variables = entry.shared.value.variables ?? [:]
        var names: [String] { variables.keys.sorted() }
        var name: String { templateName(entry.shared.value) }
        for (key, value) in spec.variables {
            guard let variable = variables[key] else {
                let known = names.isEmpty ? "it has no variables" : "its variables are " + names.joined(separator: ", ")
                diagnostics.append(Diagnostic(
                    "workflow '\(spec.key)' sets unknown variable '\(key)' of template '\(name)' (\(known)); remove it or correct its name"
                        + Suggestion.hint(for: key, among: names),
                    at: value.location
                ))
                continue
            }
            checkVariable(key, variable, allowed: entry.options[key] ?? [], value: value, workflow: spec.key, diagnostics: &diagnostics)
        }
        var missing: [String] = []
        for key in entry.requiredWithoutDefault where spec.variables[key].map({ $0.value == .scalar(.null) }) ?? true {
            missing.append(variables[key]?.name.map { "'\(key)' (\($0))" } ?? "'\(key)'")
        }
        if !missing.isEmpty {
            let noun = missing.count == 1 ? "variable" : "variables"
            diagnostics.append(Diagnostic(
                "workflow '\(spec.key)' needs required \(noun) \(missing.joined(separator: ", ")) of template '\(name)', "
                    + "which \(missing.count == 1 ? "has" : "have") no default; add \(missing.count == 1 ? "it" : "them") under `variables:`",
                at: spec.location
            ))
        }
    }

    private static func checkVariable(
        _ key: String, _ variable: TemplateVariable, allowed: [String], value: Sourced<VariableValue>, workflow: String,
        diagnostics: inout [Diagnostic]
    ) {
        // (Upper-cased only when it could be LOOKUP_TABLE: this runs for every variable of every workflow.)
        let isLookupTable = variable.type.map { $0.utf8.count == "LOOKUP_TABLE".utf8.count && $0.uppercased() == "LOOKUP_TABLE" } ?? false
        switch value.value {
        case .lookupTable:
            if !isLookupTable {
                diagnostics.append(Diagnostic(
                    "variable '\(key)' of workflow '\(workflow)' is of type \(variable.type ?? "INPUT"), not LOOKUP_TABLE; "
                        + "give it a value or a list instead of a lookup table",
                    at: value.location
                ))
            }
            return
        case .scalar, .list:
            if isLookupTable {
                diagnostics.append(Diagnostic(
                    "variable '\(key)' of workflow '\(workflow)' is of type LOOKUP_TABLE; give it a lookup table: "
                        + "`table:` (a list of `{ source, target }` rows) and `default:`",
                    at: value.location
                ))
                return
            }
        }
        guard !allowed.isEmpty else { return }
        let given: [ScalarValue] = switch value.value {
        case .scalar(.null): []
        case .scalar(let scalar): [scalar]
        case .list(let items): items
        case .lookupTable: []
        }
        for item in given where !allowed.contains(scalarText(item)) {
            let shown = value.isSensitive ? "" : "; found '\(scalarText(item))'"
            diagnostics.append(Diagnostic(
                "variable '\(key)' of workflow '\(workflow)' must be one of the template's options: "
                    + allowed.joined(separator: ", ") + shown,
                at: value.location
            ))
            return
        }
    }

    /// A manifest value as an option of the template is written.
    private static func scalarText(_ value: ScalarValue) -> String {
        switch value {
        case .null: return "null"
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .float(let number):
            if number.rounded() == number, abs(number) < 1e15 { return String(Int(number)) }
            return String(number)
        }
    }

    // MARK: Chain

    private static func checkChain(_ spec: WorkflowSpec, template: WorkflowTemplate, diagnostics: inout [Diagnostic]) {
        let blocks = template.chain ?? []
        var blockNames: [String] { blocks.compactMap(\.blockName) }
        var name: String { templateName(template) }
        for (blockKey, variables) in spec.chain {
            // The decoder keeps no place for a block's key: the first of its variables, or the workflow.
            let location = variables.values.first?.location ?? spec.location
            let matched = CanvasID(blockKey).flatMap { id in blocks.first { $0.uniqueBlockId == id } }
                ?? blocks.first { $0.blockName == blockKey }
                ?? blocks.first { $0.blockName.map { equalIgnoringCase($0, blockKey) } == true }
            guard let block = matched else {
                let known = blockNames.isEmpty ? "it has no blocks" : "its blocks are " + blockNames.joined(separator: ", ")
                diagnostics.append(Diagnostic(
                    "workflow '\(spec.key)' sets unknown block '\(blockKey)' of template '\(name)' (\(known)); "
                        + "use a block's blockName or uniqueBlockId" + Suggestion.hint(for: blockKey, among: blockNames),
                    at: location
                ))
                continue
            }
            var variableNames: [String] { (block.variables ?? [:]).keys.sorted() }
            let blockName = block.blockName ?? block.uniqueBlockId.rawValue
            for (variable, value) in variables where block.variables?[variable] == nil {
                let known = variableNames.isEmpty ? "it has no variables" : "its variables are " + variableNames.joined(separator: ", ")
                diagnostics.append(Diagnostic(
                    "block '\(blockName)' of workflow '\(spec.key)' has no variable '\(variable)' (\(known)); remove it or correct its name"
                        + Suggestion.hint(for: variable, among: variableNames),
                    at: value.location
                ))
            }
        }
    }

    // MARK: Helpers

    private static func templateName(_ template: WorkflowTemplate) -> String {
        template.name ?? template.id.rawValue
    }

    private static func display(_ value: Sourced<String>) -> String {
        value.isSensitive ? "(sensitive)" : value.value
    }

    private static func equalIgnoringCase(_ lhs: String, _ rhs: String) -> Bool {
        lhs.lowercased() == rhs.lowercased()
    }
}
