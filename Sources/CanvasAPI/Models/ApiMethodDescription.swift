/// One item of `GET GetMetaData`: an action the API offers, as the server describes itself. Lets a
/// client (and `canvasctl doctor`-style checks) see which endpoints a server has before calling them.
public struct ApiMethodDescription: Sendable, Hashable, Codable {
    /// The action's name, which is also its path (`"Workflow"`, `"RunWorkflow"`). Two items may share
    /// a name when they differ in `verb`.
    public var name: String
    /// The .NET parameter list as text: `""`, `"Guid id"`, `"[FromBody]AddWorkflowApiDto workflow"`.
    public var parameters: String?
    /// `"GET"`, `"POST"`, `"DELETE"`.
    public var verb: String?
    public var authenticate: Bool?
    public var description: String?
    /// What the action returns, as free text (`"JSON array"`, `"Guid"`, `"boolean"`, `""`).
    public var returns: String?

    public init(
        name: String, parameters: String? = nil, verb: String? = nil, authenticate: Bool? = nil,
        description: String? = nil, returns: String? = nil
    ) {
        self.name = name
        self.parameters = parameters
        self.verb = verb
        self.authenticate = authenticate
        self.description = description
        self.returns = returns
    }
}
