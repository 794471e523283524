public import Foundation

/// What `import ADDRESS ID` is made from, as values: the address and the live id, and what a plan
/// reads to find them (the manifests, the connection, the default account and the state).
public struct ImportRequest: Sendable {
    /// The address to import into, `application.KEY` or `workflow.KEY`.
    public var address: String
    /// The live resource's id.
    public var id: String
    public var paths: [String]
    public var inputs: ManifestInputs
    public var connection: ConnectionSettings
    /// `--account`, when given.
    public var account: String?
    /// `--state`, when given.
    public var state: String?
    /// How long to wait for the state's lock (`--lock-timeout`).
    public var lockTimeout: Duration
    /// The environment the manifests, the credentials and the state read.
    public var environment: [String: String]
    /// The clock, for the record's time of adoption.
    public var now: @Sendable () -> Date

    public init(
        address: String, id: String, paths: [String], inputs: ManifestInputs = ManifestInputs(), connection: ConnectionSettings = ConnectionSettings(),
        account: String? = nil, state: String? = nil, lockTimeout: Duration = .zero, environment: [String: String],
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.address = address
        self.id = id
        self.paths = paths
        self.inputs = inputs
        self.connection = connection
        self.account = account
        self.state = state
        self.lockTimeout = lockTimeout
        self.environment = environment
        self.now = now
    }

    /// The state the import writes (as a plan of the same paths would read it).
    public var statePath: String {
        PlanRequest.statePath(state, paths: paths, environment: environment)
    }
}
