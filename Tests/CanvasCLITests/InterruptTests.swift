import CanvasAPI
import CanvasCLI
import Foundation
import Synchronization
import Testing

/// Ctrl-C during `apply`, sent in-process through `Interrupts.manual()`: the apply stops cleanly,
/// the state records what was done and is unlocked, and the next apply finishes the job.
struct InterruptTests {
    /// Runs canvasctl with interrupts a test sends; `interruptWhen` is asked with each text written
    /// and sends an interrupt the first time it answers true.
    static func run(
        _ arguments: [String], environment: [String: String], readLine: (@Sendable () -> String?)? = nil,
        interruptWhen: @escaping @Sendable (String) -> Bool
    ) async -> CLIRun {
        let captured = CapturedConsole()
        let (interrupts, interrupt) = Interrupts.manual()
        let sent = Mutex(false)
        let capturing = captured.console
        let console = Console(isTerminal: { _ in false }) { stream, text in
            capturing.raw(text, to: stream)
            let send = interruptWhen(text) && sent.withLock { sent in
                defer { sent = true }
                return !sent
            }
            if send { interrupt(SIGINT) }
        }
        let code = await Canvasctl.run(
            arguments: arguments,
            context: CommandContext(environment: environment, console: console, readLine: readLine, interrupts: interrupts)
        )
        return CLIRun(exitCode: code, output: captured.output, error: captured.error)
    }

    @Test("Ctrl-C while applying: what is under way finishes and is recorded, nothing new starts, the state is committed and unlocked")
    func whileApplying() async throws {
        let copy = try PlanCommandTests.quickstartCopy()
        defer { try? FileManager.default.removeItem(atPath: copy.root) }
        try await PlanCommandTests.withEmulator { emulator, environment throws in
            let interrupted = await Self.run(
                ["apply", copy.manifests, "--auto-approve", "--parallelism", "1"], environment: environment,
                interruptWhen: { $0.contains(": created after ") }
            )
            #expect(interrupted.exitCode == 1)
            #expect(interrupted.error.contains("Interrupt received: no new change starts; the changes under way finish and are recorded."))
            let total = PlanCommandTests.quickstartChanges
            #expect(interrupted.output.hasSuffix(
                "Apply interrupted: 1 succeeded, 0 failed, 0 skipped, \(total - 1) not started. "
                    + "What was done is recorded in the state; apply again to finish.\n"
            ), "\(interrupted.output)")
            #expect(interrupted.output.components(separatedBy: "creating…").count == 2, "one change started: \(interrupted.output)")
            #expect(try ApplyCommandTests.stateFiles(in: copy.manifests) == ["canvasctl.state.json"], "committed, unlocked")
            let client = try ApplyCommandTests.client(of: emulator)
            let made = try await client.registeredApplications().count + client.workflows().count
            #expect(made == 1)

            let finished = await CLI.run(["apply", copy.manifests, "--auto-approve"], environment: environment)
            #expect(finished.exitCode == 0, "\(finished.output)\(finished.error)")
            #expect(
                finished.output.hasSuffix("Apply complete: \(total - 2) added, 0 changed, 0 replaced, 0 destroyed; 1 deploy.\n"), "\(finished.output)"
            )
            let again = await CLI.run(["plan", copy.manifests, "--detailed-exitcode"], environment: environment)
            #expect(again.exitCode == 0, "\(again.output)")
        }
    }

    @Test("Ctrl-C at the confirmation question: cancelled at once, nothing changed, the lock released, the process not ended")
    func atTheQuestion() async throws {
        let copy = try PlanCommandTests.quickstartCopy()
        defer { try? FileManager.default.removeItem(atPath: copy.root) }
        try await PlanCommandTests.withEmulator { emulator, environment throws in
            // Nobody answers: the line is never typed while the test runs.
            let typed = DispatchSemaphore(value: 0)
            defer { typed.signal() }
            let interrupted = await Self.run(
                ["apply", copy.manifests], environment: environment, readLine: { typed.wait(); return "yes" },
                interruptWhen: { $0.contains("Only 'yes' will be accepted") }
            )
            #expect(interrupted.exitCode == 1)
            #expect(interrupted.output.hasSuffix("\nApply cancelled: nothing was changed.\n"), "\(interrupted.output)")
            #expect(try ApplyCommandTests.stateFiles(in: copy.manifests).isEmpty, "nothing recorded, unlocked")
            let client = try ApplyCommandTests.client(of: emulator)
            #expect(try await client.registeredApplications().count + client.workflows().count == 0)
            let plan = await CLI.run(["plan", copy.manifests], environment: environment)
            #expect(plan.exitCode == 0, "not locked: \(plan.error)")
        }
    }

    @Test("Ctrl-C while planning: the plan is finished, nothing is changed, and the lock is released")
    func whilePlanning() async throws {
        let copy = try PlanCommandTests.quickstartCopy()
        defer { try? FileManager.default.removeItem(atPath: copy.root) }
        try await PlanCommandTests.withEmulator { emulator, environment throws in
            let captured = CapturedConsole()
            let (interrupts, interrupt) = Interrupts.manual()
            // Sent before apply starts: it reaches apply as soon as apply listens, while it plans.
            interrupt(SIGINT)
            let code = await Canvasctl.run(
                arguments: ["apply", copy.manifests, "--auto-approve"],
                context: CommandContext(environment: environment, console: captured.console, interrupts: interrupts)
            )
            #expect(code == 1)
            #expect(captured.error.contains("Interrupt received: stopping once the plan is made; nothing will be changed."))
            #expect(captured.error.hasSuffix("Interrupted: nothing was changed.\n"), "\(captured.error)")
            #expect(!captured.output.contains("creating…"))
            #expect(try ApplyCommandTests.stateFiles(in: copy.manifests).isEmpty, "no lock, no journal, no state")
            let client = try ApplyCommandTests.client(of: emulator)
            #expect(try await client.registeredApplications().isEmpty)
        }
    }
}
