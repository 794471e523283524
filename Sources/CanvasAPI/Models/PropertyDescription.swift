/// One item of `GET Describe?name=…`: a property of a request type as the server declares it
/// (type, whether required). Lets a client check its request bodies against the server's own schema.
public struct PropertyDescription: Sendable, Hashable, Codable {
    /// The property's type in the server's words: `"guid"`, `"string"`, `"dictionary"`, `"iEnumerable"`.
    public var typeName: String?
    /// The JSON property name (`"workflowTemplateId"`).
    public var propertyName: String
    /// Type arguments of a generic type, comma separated (`"string,guid"`); `""` otherwise.
    public var genericParameters: String?
    public var isRequired: Bool?

    public init(typeName: String? = nil, propertyName: String, genericParameters: String? = nil, isRequired: Bool? = nil) {
        self.typeName = typeName
        self.propertyName = propertyName
        self.genericParameters = genericParameters
        self.isRequired = isRequired
    }
}
