import CanvasCLI
import Foundation
import Testing

/// canvasctl at a terminal: colour, the live progress line, compact plans, shell completions, and
/// `--help` with examples on every command.
struct TerminalTests {
    static func run(_ arguments: [String], environment: [String: String], terminal: Bool) async -> CLIRun {
        await CLI.run(arguments, environment: environment, terminal: terminal)
    }

    @Test("on a terminal apply rewrites one status line and colours the plan; in a log it prints plain lines")
    func progress() async throws {
        try await ChangeScenario.run { scenario in
            try scenario.edit("description: CSV export", "description: CSV export, daily")
            try scenario.edit("name: Report", "name: Weekly report")
            let live = await Self.run(["apply", scenario.manifestPath, "--auto-approve"], environment: scenario.environment, terminal: true)
            #expect(live.exitCode == 0, "\(live.error)")
            #expect(live.output.contains("\u{1B}[33m~\u{1B}[0m workflow \"export\" {"), "\(live.output)")
            #expect(live.output.contains("\r\u{1B}[KApplying: 0 of 2 done, 1 running"), "\(live.output)")
            #expect(live.output.contains("\r\u{1B}[Kworkflow.export: updated after "), "\(live.output)")
            #expect(!live.output.contains("workflow.export: updating…"), "a terminal shows starts in the status line only")
            #expect(live.output.contains("\r\u{1B}[K\nApply complete: 0 added, 2 changed"), "the status line is cleared at the end: \(live.output)")

            try scenario.edit("name: Weekly report", "name: Monthly report")
            var noColour = scenario.environment
            noColour["NO_COLOR"] = "1"
            let plainTerminal = await Self.run(["plan", scenario.manifestPath], environment: noColour, terminal: true)
            #expect(!plainTerminal.output.contains("\u{1B}"), "NO_COLOR: \(plainTerminal.output)")
            let log = await Self.run(["apply", scenario.manifestPath, "--auto-approve"], environment: scenario.environment, terminal: false)
            #expect(!log.output.contains("\u{1B}") && !log.output.contains("\r"), "\(log.output)")
            #expect(log.output.contains("workflow.report: updating…\nworkflow.report: updated after "), "\(log.output)")
        }
    }

    @Test("plan --compact prints one line per change")
    func compactPlan() async throws {
        try await ChangeScenario.run { scenario in
            try scenario.edit("description: CSV export", "description: CSV export, daily")
            try scenario.edit("amountToObtainWfQ: \"10\"", "amountToObtainWfQ: \"20\"")
            let plan = await scenario.cli(["plan", scenario.manifestPath, "--compact"])
            #expect(plan.exitCode == 0)
            #expect(plan.output == """
                canvasctl will perform the following actions:

                  ~   workflow.export  update: description
                  ~   workflow.sync    update: variables
                  +   deploy.sync      run (workflow.sync changes)

                Plan: 0 to add, 2 to change, 0 to replace, 0 to destroy; 1 deploy.

                """, "\(plan.output)")
        }
    }

    @Test("shell completion scripts name every command", arguments: ["bash", "zsh", "fish"])
    func completions(_ shell: String) async {
        let run = await CLI.run(["--generate-completion-script", shell])
        #expect(run.exitCode == 0, "\(run.error)")
        for command in ["validate", "plan", "apply", "export", "run", "state", "emulator"] {
            #expect(run.output.contains(command), "\(shell): \(command)")
        }
    }

    @Test("every command's --help has examples", arguments: [
        ["validate"], ["plan"], ["apply"], ["export"], ["run"], ["state"], ["state", "list"], ["state", "unlock"], ["emulator"],
    ])
    func helpExamples(_ command: [String]) async {
        let run = await CLI.run(command + ["--help"])
        #expect(run.exitCode == 0)
        #expect(run.output.contains("Examples:\n  canvasctl \(command[0])"), "\(run.output)")
    }
}
