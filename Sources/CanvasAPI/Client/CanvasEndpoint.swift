import NIOHTTP1

/// One endpoint of the Canvas REST API: its verb and path, and what may safely be repeated.
///
/// The retry rules live here, per endpoint, because they follow from what a call does: a read can be
/// repeated freely, an update or delete by id converges to the same result, but a create repeated
/// after a lost response would register a second resource.
struct CanvasEndpoint: Sendable, CustomStringConvertible {
    enum Effect: Sendable, Hashable {
        /// No change on the server (GETs that read).
        case read
        /// A change that repeating does not multiply: update by id, delete, deploy, scheduler.
        case idempotentWrite
        /// A change that repeating would multiply: registering an application or a workflow, an
        /// account, a run.
        case create
    }

    var method: HTTPMethod
    /// The path below the base URL, e.g. `Workflow/7b2d…`.
    var path: String
    var query: [(String, String)]
    var effect: Effect
    /// Whether the call sends the credentials (GetMetaData and Describe do not need them).
    var authenticated: Bool

    init(_ method: HTTPMethod, _ path: String, query: [(String, String)] = [], effect: Effect, authenticated: Bool = true) {
        self.method = method
        self.path = path
        self.query = query
        self.effect = effect
        self.authenticated = authenticated
    }

    /// `GET Workflows`, as messages name it.
    var description: String { "\(method.rawValue) \(path)" }

    var isDelete: Bool { path.hasPrefix("Delete") }
    var isDeleteOfRegisteredApplication: Bool { path.hasPrefix("DeleteRegApplication/") }

    static let getMetaData = CanvasEndpoint(.GET, "GetMetaData", effect: .read, authenticated: false)
    static func describe(_ name: String) -> CanvasEndpoint {
        CanvasEndpoint(.GET, "Describe", query: [("name", name)], effect: .read, authenticated: false)
    }
    static let authenticate = CanvasEndpoint(.GET, "Authenticate", effect: .read)
    static let accounts = CanvasEndpoint(.GET, "Accounts", effect: .read)
    static let createAccount = CanvasEndpoint(.POST, "Account", effect: .create)
    static let applications = CanvasEndpoint(.GET, "Applications", effect: .read)
    static let registeredApplications = CanvasEndpoint(.GET, "RegApplications", effect: .read)
    static let createRegisteredApplication = CanvasEndpoint(.POST, "RegApplication", effect: .create)
    static func updateRegisteredApplication(_ id: CanvasID) -> CanvasEndpoint {
        CanvasEndpoint(.POST, "RegApplication/\(id)", effect: .idempotentWrite)
    }
    static func deleteRegisteredApplication(_ id: CanvasID) -> CanvasEndpoint {
        CanvasEndpoint(.GET, "DeleteRegApplication/\(id)", effect: .idempotentWrite)
    }
    static let workflowTemplates = CanvasEndpoint(.GET, "WorkflowTemplates", effect: .read)
    static func workflowTemplate(_ id: CanvasID, isDraft: Bool) -> CanvasEndpoint {
        CanvasEndpoint(.GET, "WorkflowTemplate/\(id)", query: [("isDraft", isDraft ? "true" : "false")], effect: .read)
    }
    static let workflows = CanvasEndpoint(.GET, "Workflows", effect: .read)
    static func workflow(_ id: CanvasID) -> CanvasEndpoint { CanvasEndpoint(.GET, "Workflow/\(id)", effect: .read) }
    static let createWorkflow = CanvasEndpoint(.POST, "Workflow", effect: .create)
    static func updateWorkflow(_ id: CanvasID) -> CanvasEndpoint {
        CanvasEndpoint(.POST, "Workflow/\(id)", effect: .idempotentWrite)
    }
    static func deployWorkflow(_ id: CanvasID) -> CanvasEndpoint {
        CanvasEndpoint(.GET, "DeployWorkflow/\(id)", effect: .idempotentWrite)
    }
    static func deleteWorkflow(_ id: CanvasID) -> CanvasEndpoint {
        CanvasEndpoint(.GET, "DeleteWorkflow/\(id)", effect: .idempotentWrite)
    }
    static let runWorkflow = CanvasEndpoint(.POST, "RunWorkflow", effect: .create)
    static let workflowScheduler = CanvasEndpoint(.POST, "WorkflowScheduler", effect: .idempotentWrite)
}
