public import JSONSupport

/// An entry of a workflow template's `variables`: a workflow-level input that blocks bind to (see
/// ``BlockVariable/variableName``), with its default value and, from `WorkflowTemplate/{id}`, how to
/// ask for it (label, type, whether required). A workflow's `variables` override these values.
public struct TemplateVariable: Sendable, Hashable, Codable {
    /// The default value: a string (`"10"`) or, for a lookup table, an object
    /// `{"table": [{"source", "target"}], "default"}`. Nil when absent or `null`.
    public var value: JSONValue?
    public var tagName: String?
    public var name: String?
    public var description: String?
    /// `"INPUT"`, `"LOOKUP_TABLE"`, `"SELECT"`, …
    public var type: String?
    public var isRequired: Bool?
    /// Allowed values; `null` or `[]` in the examples, so its shape is open.
    public var options: JSONValue?
    public var optionsPath: String?
    public var optionsName: String?
    public var dataSource: String?
    public var dataTarget: String?
    public var multiple: Bool?

    public init(
        value: JSONValue? = nil, tagName: String? = nil, name: String? = nil, description: String? = nil,
        type: String? = nil, isRequired: Bool? = nil, options: JSONValue? = nil, optionsPath: String? = nil,
        optionsName: String? = nil, dataSource: String? = nil, dataTarget: String? = nil, multiple: Bool? = nil
    ) {
        self.value = value
        self.tagName = tagName
        self.name = name
        self.description = description
        self.type = type
        self.isRequired = isRequired
        self.options = options
        self.optionsPath = optionsPath
        self.optionsName = optionsName
        self.dataSource = dataSource
        self.dataTarget = dataTarget
        self.multiple = multiple
    }
}
