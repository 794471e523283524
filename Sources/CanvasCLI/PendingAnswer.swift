import Foundation
import Synchronization

/// Apply's confirmation question, waited for without blocking the run: the line typed, or an
/// interrupt, whichever comes first. Reading a terminal blocks its thread until a line comes, so
/// the line is read on a thread of its own; an interrupt answers at once, and the command returns
/// (releasing the state's lock) while that thread still waits — it ends with the process.
final class PendingAnswer: Sendable {
    enum Answer: Sendable {
        /// The line read; nil at the end of input.
        case answered(String?)
        case interrupted
    }

    private struct State {
        var answer: Answer?
        var waiting: CheckedContinuation<Answer, Never>?
    }

    private let state = Mutex(State())

    /// Reads the answer with `readLine` on a thread of its own.
    func ask(_ readLine: @escaping @Sendable () -> String?) {
        let thread = Thread { [self] in resolve(.answered(readLine())) }
        thread.name = "canvasctl confirmation"
        thread.start()
    }

    /// Settles the answer; only the first call counts.
    func resolve(_ answer: Answer) {
        let waiting = state.withLock { state -> CheckedContinuation<Answer, Never>? in
            guard state.answer == nil else { return nil }
            state.answer = answer
            defer { state.waiting = nil }
            return state.waiting
        }
        waiting?.resume(returning: answer)
    }

    /// The first answer, when it comes.
    var answer: Answer {
        get async {
            await withCheckedContinuation { continuation in
                let settled = state.withLock { state -> Answer? in
                    if let answer = state.answer { return answer }
                    state.waiting = continuation
                    return nil
                }
                if let settled { continuation.resume(returning: settled) }
            }
        }
    }
}
