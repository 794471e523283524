public import JSONSupport

/// The body of `POST Workflow/{id}`: updates a workflow's name, description, applications, blocks
/// and variables. A nil field is left out of the body; what the server does with a left-out field is
/// not documented.
public struct EditWorkflowApiDto: Sendable, Hashable, Codable {
    public var name: String?
    public var description: String?
    /// Registered application ids keyed by the template's application `shortName`.
    public var applications: [String: CanvasID]?
    public var chain: [ChainApiDto]?
    /// Workflow-level variable values keyed by the template's variable names.
    public var variables: [String: JSONValue]?

    public init(
        name: String? = nil, description: String? = nil, applications: [String: CanvasID]? = nil,
        chain: [ChainApiDto]? = nil, variables: [String: JSONValue]? = nil
    ) {
        self.name = name
        self.description = description
        self.applications = applications
        self.chain = chain
        self.variables = variables
    }
}
