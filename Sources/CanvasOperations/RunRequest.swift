/// What starting a managed workflow needs, as values: the workflow's reference, the blocks, the
/// state that records it, and the connection.
public struct RunRequest: Sendable {
    /// The workflow: its address (`workflow.KEY`), its key, or its name as the state recorded it.
    public var workflow: String
    /// The first block to run, from 1; nil for the first.
    public var fromBlock: Int?
    /// The last block to run; nil for the last.
    public var tillBlock: Int?
    /// The state (a file or a URL) that records the workflow.
    public var statePath: String
    public var connection: ConnectionSettings
    /// `--account`, for a workflow recorded without an account.
    public var account: String?
    /// The environment the credentials and the state read.
    public var environment: [String: String]

    public init(
        workflow: String, fromBlock: Int? = nil, tillBlock: Int? = nil, statePath: String,
        connection: ConnectionSettings = ConnectionSettings(), account: String? = nil, environment: [String: String]
    ) {
        self.workflow = workflow
        self.fromBlock = fromBlock
        self.tillBlock = tillBlock
        self.statePath = statePath
        self.connection = connection
        self.account = account
        self.environment = environment
    }
}
