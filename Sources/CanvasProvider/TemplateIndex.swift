import CanvasAPI
import JSONSupport

/// One account's workflow templates as the resolver looks them up: by id and by name (any case),
/// each with what every workflow using it is checked against worked out once.
///
/// Ten thousand workflows use a handful of templates: finding the template, listing its required
/// variables and reading its options once per template instead of once per workflow is most of
/// what resolving a workflow costs.
struct TemplateIndex: Sendable {
    /// A template with the facts the checks need. The template itself is shared by the workflows
    /// that use it.
    struct Entry: Sendable {
        let shared: SharedValue<WorkflowTemplate>
        var template: WorkflowTemplate { shared.value }
        /// Read in full: its variables carry their types.
        let isFull: Bool
        /// The allowed values of each variable that lists options.
        let options: [String: [String]]
        /// The required variables without a default, sorted by name.
        let requiredWithoutDefault: [String]

        init(template: WorkflowTemplate, isFull: Bool, options: [String: [String]], requiredWithoutDefault: [String]) {
            self.shared = SharedValue(template)
            self.isFull = isFull
            self.options = options
            self.requiredWithoutDefault = requiredWithoutDefault
        }
    }

    private let entries: [Entry]
    private let byID: [CanvasID: Int]
    /// Lower-cased name → positions of the templates with it, in the account's order.
    private let byName: [String: [Int]]

    init(_ templates: [WorkflowTemplate]) {
        entries = templates.map(Self.entry)
        var byID: [CanvasID: Int] = [:]
        var byName: [String: [Int]] = [:]
        for (position, template) in templates.enumerated() {
            if byID[template.id] == nil { byID[template.id] = position }
            if let name = template.name { byName[name.lowercased(), default: []].append(position) }
        }
        self.byID = byID
        self.byName = byName
    }

    /// The template with the id `id`, if any.
    func template(id: CanvasID) -> Entry? {
        byID[id].map { entries[$0] }
    }

    /// The templates named `reference`, compared without case, in the account's order.
    func templates(named reference: String) -> [Entry] {
        (byName[reference.lowercased()] ?? []).map { entries[$0] }
    }

    /// Every template's name, for suggestions.
    var names: [String] { entries.compactMap(\.template.name) }

    private static func entry(_ template: WorkflowTemplate) -> Entry {
        let variables = template.variables ?? [:]
        let isFull = template.variables != nil
            && variables.values.allSatisfy { $0.type != nil || $0.isRequired != nil || $0.tagName != nil || $0.name != nil }
        var options: [String: [String]] = [:]
        for (key, variable) in variables {
            let allowed = optionValues(variable.options)
            if !allowed.isEmpty { options[key] = allowed }
        }
        let required = variables.filter { $0.value.isRequired == true && !($0.value.value.map { !$0.isNull } ?? false) }
        return Entry(template: template, isFull: isFull, options: options, requiredWithoutDefault: required.keys.sorted())
    }

    /// The allowed values of a template variable's `options`: a JSON array of values, or of objects
    /// with a `value`. Empty when there are none (null, `[]`, or a shape not understood).
    private static func optionValues(_ options: JSONValue?) -> [String] {
        guard let items = options?.arrayValue else { return [] }
        return items.compactMap { item in
            if let object = item.objectValue { return object["value"].flatMap(jsonText) }
            return jsonText(item)
        }
    }

    private static func jsonText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number):
            if number.rounded() == number, abs(number) < 1e15 { return String(Int(number)) }
            return String(number)
        case .null, .array, .object: return nil
        }
    }
}
