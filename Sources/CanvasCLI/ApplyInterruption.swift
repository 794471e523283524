import Synchronization

/// What an interrupt (Ctrl-C, SIGTERM) does to `apply`, by where the apply is:
/// - while it plans: the plan is finished, then nothing is changed;
/// - at the confirmation question: the apply is cancelled at once, the state's lock released;
/// - while it applies: no further change starts (but what finishes a replace under way); the
///   changes under way finish and are recorded, and the state is committed, so that the next apply
///   picks up where this one stopped.
///
/// Only the first interrupt is caught (``Interrupts``): a second one stops the process at once.
final class ApplyInterruption: Sendable {
    enum Phase: Sendable {
        case planning
        /// `cancel` ends the wait for the answer: apply is cancelled, and releases the lock.
        case confirming(cancel: @Sendable () -> Void)
        case applying
    }

    private struct State {
        var phase = Phase.planning
        var requested = false
    }

    private let console: Console
    private let state = Mutex(State())

    init(console: Console) {
        self.console = console
    }

    /// Whether an interrupt came.
    var isRequested: Bool { state.withLock { $0.requested } }

    /// Moves to `phase`; false when an interrupt already came, and the apply should stop instead.
    func enter(_ phase: Phase) -> Bool {
        state.withLock { state in
            state.phase = phase
            return !state.requested
        }
    }

    /// Hears an interrupt.
    func interrupt() {
        let phase = state.withLock { state in
            state.requested = true
            return state.phase
        }
        let again = "Press Ctrl-C again to stop at once (what was recorded is kept in the state's journal for the next run)."
        switch phase {
        case .planning:
            console.err("\nInterrupt received: stopping once the plan is made; nothing will be changed. \(again)")
        case .confirming(let cancel):
            cancel()
        case .applying:
            console.err("\nInterrupt received: no new change starts; the changes under way finish and are recorded. \(again)")
        }
    }
}
