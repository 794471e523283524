public import Reconciler

/// What applying reports while it runs, in the order it happens, so that the caller can show
/// progress (apply's lines and status line) without the library printing anything. Step events
/// come from the steps' own tasks, several at a time.
public enum ApplyEvent: Sendable {
    /// The steps are about to start: how many there are, and the plan's changes by address.
    case started(steps: Int, changes: [ResourceAddress: Change])
    /// A step started, succeeded, failed or was skipped.
    case step(ApplyExecutor.Event)
    /// No step runs any more (all done, or stopped).
    case stepsFinished
    /// The credentials of this many applications `export` adopted were recorded as the manifests
    /// give them (never sent: Canvas cannot show them to compare).
    case recordedCredentials(Int)
    /// The state's records of these resources, deleted outside canvasctl and gone from the
    /// manifests, were removed.
    case forgot([ResourceAddress])
}
