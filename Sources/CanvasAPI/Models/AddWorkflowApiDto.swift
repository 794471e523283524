public import JSONSupport

/// The body of `POST Workflow`: creates a workflow from a template, filling the template's
/// application slots with registered applications and setting variables. The server answers with
/// the new workflow's id.
public struct AddWorkflowApiDto: Sendable, Hashable, Codable {
    public var workflowTemplateId: CanvasID
    public var name: String?
    public var description: String?
    /// Registered application ids keyed by the template's application `shortName` (`"QUIN"`, `"FTP"`).
    public var applications: [String: CanvasID]
    public var chain: [ChainApiDto]?
    /// Workflow-level variable values keyed by the template's variable names.
    public var variables: [String: JSONValue]?

    public init(
        workflowTemplateId: CanvasID, name: String? = nil, description: String? = nil,
        applications: [String: CanvasID], chain: [ChainApiDto]? = nil, variables: [String: JSONValue]? = nil
    ) {
        self.workflowTemplateId = workflowTemplateId
        self.name = name
        self.description = description
        self.applications = applications
        self.chain = chain
        self.variables = variables
    }
}
