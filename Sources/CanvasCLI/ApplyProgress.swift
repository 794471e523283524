import CanvasOperations
import Reconciler
import SafeText
import Synchronization

/// Apply's progress as a person sees it, drawn from the library's ``ApplyEvent``s. On a terminal:
/// each finished change as a line, under one status line rewritten in place
/// (`Applying: 12 of 500 done, 8 running, 0 failed, 3.2s`). Elsewhere (CI logs, files): one plain
/// line when a change starts and one when it ends, nothing rewritten. Then what finishing the
/// state did (credentials recorded, records forgotten).
final class ApplyProgress: Sendable {
    private struct Counts {
        var total = 0
        var changes: [ResourceAddress: Change] = [:]
        var started = ContinuousClock.now
        var running = 0
        var done = 0
        var failed = 0
        var skipped = 0
    }

    private let console: Console
    private let live: Bool
    private let counts = Mutex(Counts())

    /// `live` for a terminal.
    init(console: Console, live: Bool) {
        self.console = console
        self.live = live
    }

    func handle(_ event: ApplyEvent) {
        switch event {
        case .started(let steps, let changes):
            counts.withLock { counts in
                counts.total = steps
                counts.changes = changes
                counts.started = .now
            }
            console.out("")
        case .step(let step):
            handle(step)
        case .stepsFinished:
            // Clears the status line.
            if live { console.raw("\r\u{1B}[K") }
        case .recordedCredentials(let recorded):
            console.out(
                "Recorded the credentials of \(recorded) exported application\(recorded == 1 ? "" : "s") as the manifests give them "
                    + "(not sent: Canvas cannot show them to compare); from now on a changed credential is a change."
            )
        case .forgot(let forgotten):
            console.out(
                "Forgot \(forgotten.count) state record\(forgotten.count == 1 ? "" : "s") of resources deleted outside canvasctl: "
                    + PrintableText.escaped(forgotten.map(\.description).joined(separator: ", ")) + "."
            )
        }
    }

    private func handle(_ event: ApplyExecutor.Event) {
        let changes = counts.withLock { $0.changes }
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

    private func statusLine(_ counts: Counts) -> String {
        let finished = counts.done + counts.failed + counts.skipped
        let elapsed = ApplyCommand.seconds(ContinuousClock.now - counts.started)
        var parts = ["\(finished) of \(counts.total) done", "\(counts.running) running"]
        if counts.failed > 0 { parts.append("\(counts.failed) failed") }
        if counts.skipped > 0 { parts.append("\(counts.skipped) skipped") }
        return "Applying: " + parts.joined(separator: ", ") + ", \(elapsed)"
    }
}
