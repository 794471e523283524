public import CanvasAPI

/// A workflow run started: which workflow (as the state records it), the blocks asked for, and what
/// Canvas answered, for the command to print.
public struct RunResult: Sendable, Equatable {
    /// The workflow's address in the state, such as `workflow.employee-sync`.
    public var address: String
    /// Its live id.
    public var id: CanvasID
    public var fromBlock: Int?
    public var tillBlock: Int?
    /// Canvas's answer to RunWorkflow, as sent (not yet made printable).
    public var answer: String

    public init(address: String, id: CanvasID, fromBlock: Int?, tillBlock: Int?, answer: String) {
        self.address = address
        self.id = id
        self.fromBlock = fromBlock
        self.tillBlock = tillBlock
        self.answer = answer
    }
}
