/// One item of `GET WorkflowTemplates`, and the body of `GET WorkflowTemplate/{id}`: a published
/// integration design (blocks, variables, application slots) that workflows are created from. A
/// manifest's workflow names its template; the CLI checks variables and applications against it.
public struct WorkflowTemplate: Sendable, Hashable, Codable {
    public var id: CanvasID
    public var name: String?
    public var description: String?
    public var dateCreated: String?
    public var dateModified: String?
    /// `"Published"`, …
    public var state: String?
    /// `"0.0.6"`.
    public var version: String?
    public var draftIsCommitted: Bool?
    public var dateCommitted: String?
    /// Null for templates provided by ConnectMyApps.
    public var organizationId: CanvasID?
    /// The template's application slots, catalog-shaped; `AddWorkflowApiDto.applications` fills them
    /// by `shortName`. The document's examples cut this list off.
    public var applications: [CatalogApplication]?
    public var chain: [ChainBlock]?
    public var variables: [String: TemplateVariable]?

    public init(
        id: CanvasID, name: String? = nil, description: String? = nil, dateCreated: String? = nil,
        dateModified: String? = nil, state: String? = nil, version: String? = nil, draftIsCommitted: Bool? = nil,
        dateCommitted: String? = nil, organizationId: CanvasID? = nil, applications: [CatalogApplication]? = nil,
        chain: [ChainBlock]? = nil, variables: [String: TemplateVariable]? = nil
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.dateCreated = dateCreated
        self.dateModified = dateModified
        self.state = state
        self.version = version
        self.draftIsCommitted = draftIsCommitted
        self.dateCommitted = dateCommitted
        self.organizationId = organizationId
        self.applications = applications
        self.chain = chain
        self.variables = variables
    }
}
