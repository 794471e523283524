public import Reconciler

/// What an apply did, as a value: which steps succeeded, failed, were skipped or never started,
/// and whether the state was written. The command turns it into its closing line and exit code.
public struct ApplyReport: Sendable {
    /// The executor's account of the steps; nil when the plan had no changes and nothing ran.
    public var execution: ApplyExecutor.Report?
    /// The plan's changes by address (for counting the steps by their change's action).
    public var changes: [ResourceAddress: Change]
    /// The credentials of exported applications recorded (``ApplyEvent/recordedCredentials(_:)``).
    public var recordedCredentials: Int
    /// Records of unchanged workflows given the digest later plans compare (records an older
    /// canvasctl wrote).
    public var recordedDigests: Int = 0
    /// The records removed of resources deleted outside canvasctl.
    public var forgotten: [ResourceAddress]
    /// Why the state could not be finished (committed), or why it stopped recording during the
    /// run, each a sentence for `error: …`; empty when the state holds everything done.
    public var stateErrors: [String]

    public init(
        execution: ApplyExecutor.Report?, changes: [ResourceAddress: Change], recordedCredentials: Int = 0,
        forgotten: [ResourceAddress] = [], stateErrors: [String] = []
    ) {
        self.execution = execution
        self.changes = changes
        self.recordedCredentials = recordedCredentials
        self.forgotten = forgotten
        self.stateErrors = stateErrors
    }

    /// Every step succeeded (or there was none) and the state holds it.
    public var isSuccess: Bool { (execution?.isSuccess ?? true) && stateErrors.isEmpty }
}
