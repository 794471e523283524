public import JSONSupport

/// A block variable in a workflow's create or edit body (``ChainApiDto/variables``): binds the block
/// variable to a workflow-level variable (`variableSource` 2, `variableName`) or gives it a value.
///
/// `value` is always written, as `null` when nil, as the document's example does; the other fields
/// are left out when nil.
public struct ChainVariableApiDto: Sendable, Hashable, Codable {
    public var variableSource: Int?
    public var variableName: String?
    public var value: JSONValue?

    public init(variableSource: Int? = nil, variableName: String? = nil, value: JSONValue? = nil) {
        self.variableSource = variableSource
        self.variableName = variableName
        self.value = value
    }

    enum CodingKeys: String, CodingKey {
        case variableSource, variableName, value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(variableSource, forKey: .variableSource)
        try container.encodeIfPresent(variableName, forKey: .variableName)
        try container.encode(value ?? .null, forKey: .value)
    }
}
