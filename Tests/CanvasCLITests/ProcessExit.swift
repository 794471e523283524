import Foundation
import Synchronization

/// The end of a child process, awaited without holding a thread: `Process.waitUntilExit` (and
/// reading a pipe to its end) blocks the thread it runs on, and the cooperative pool has one per
/// core, so two tests waiting for programs stall every other test meanwhile.
final class ProcessExit: Sendable {
    private let state = Mutex<(ended: Bool, waiting: [CheckedContinuation<Void, Never>])>((false, []))

    /// Watches `process`, which must not have been started yet.
    init(_ process: Process) {
        process.terminationHandler = { [self] _ in finish() }
    }

    private func finish() {
        let waiting = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.ended = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }

    /// Returns once the process has ended.
    func wait() async {
        await withCheckedContinuation { continuation in
            let ended = state.withLock { state -> Bool in
                if !state.ended { state.waiting.append(continuation) }
                return state.ended
            }
            if ended { continuation.resume() }
        }
    }
}
