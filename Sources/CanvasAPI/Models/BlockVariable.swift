public import JSONSupport

/// A variable of a chain block, in a workflow template's `chain` (and the workflow built from it):
/// where the block takes the value from (`variableSource`, `variableName`) and the value itself.
/// `WorkflowTemplate/{id}` adds metadata (label, type, whether required) that the list leaves out.
public struct BlockVariable: Sendable, Hashable, Codable {
    /// Where the value comes from; `2` in every example, where `variableName` names a template
    /// (workflow-level) variable. The document does not list the other sources.
    public var variableSource: Int?
    /// The workflow-level variable this block variable is bound to.
    public var variableName: String?
    /// The value; a string (`"10"`) in the examples. Nil when absent or `null`.
    public var value: JSONValue?
    // Detail-only metadata (`WorkflowTemplate/{id}`):
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
        variableSource: Int? = nil, variableName: String? = nil, value: JSONValue? = nil, tagName: String? = nil,
        name: String? = nil, description: String? = nil, type: String? = nil, isRequired: Bool? = nil,
        options: JSONValue? = nil, optionsPath: String? = nil, optionsName: String? = nil,
        dataSource: String? = nil, dataTarget: String? = nil, multiple: Bool? = nil
    ) {
        self.variableSource = variableSource
        self.variableName = variableName
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
