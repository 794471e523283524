import Reconciler
import Synchronization

/// Apply's progress as a person sees it. On a terminal: each finished change as a line, under one
/// status line rewritten in place (`Applying: 12 of 500 done, 8 running, 0 failed, 3.2s`). Elsewhere
/// (CI logs, files): one plain line when a change starts and one when it ends, nothing rewritten.
final class ApplyProgress: Sendable {
    private struct Counts {
        var running = 0
        var done = 0
        var failed = 0
        var skipped = 0
    }

    private let console: Console
    private let live: Bool
    private let total: Int
    private let changes: [ResourceAddress: Change]
    private let started = ContinuousClock.now
    private let counts = Mutex(Counts())

    /// `live` for a terminal; `total` is the number of steps.
    init(console: Console, live: Bool, total: Int, changes: [ResourceAddress: Change]) {
        self.console = console
        self.live = live
        self.total = total
        self.changes = changes
    }

    func handle(_ event: ApplyExecutor.Event) {
        let line = ApplyCommand.progressLine(event, changes: changes)
        guard live else {
            console.out(line)
            return
        }
        let status: String = counts.withLock { counts in
            switch event {
            case .started: counts.running += 1
            case .succeeded: counts.running -= 1; counts.done += 1
            case .failed: counts.running -= 1; counts.failed += 1
            case .skipped: counts.skipped += 1
            }
            return statusLine(counts)
        }
        if case .started = event {
            console.raw("\r\u{1B}[K" + status)
        } else {
            console.raw("\r\u{1B}[K" + line + "\n" + status)
        }
    }

    /// Clears the status line.
    func finish() {
        if live { console.raw("\r\u{1B}[K") }
    }

    private func statusLine(_ counts: Counts) -> String {
        let finished = counts.done + counts.failed + counts.skipped
        let elapsed = ApplyCommand.seconds(ContinuousClock.now - started)
        var parts = ["\(finished) of \(total) done", "\(counts.running) running"]
        if counts.failed > 0 { parts.append("\(counts.failed) failed") }
        if counts.skipped > 0 { parts.append("\(counts.skipped) skipped") }
        return "Applying: " + parts.joined(separator: ", ") + ", \(elapsed)"
    }
}
