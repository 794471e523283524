public import ArgumentParser

/// The `canvasctl` command line: parses arguments, runs the subcommand with the given context, and
/// turns every outcome, usage errors included, into output and an exit code. The executable is a
/// one-line call of ``run(arguments:context:)``; tests call it the same way.
public struct Canvasctl: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "canvasctl",
        abstract: "Configuration as code for ConnectMyApps Canvas.",
        discussion: """
            Describe registered applications, workflows, variables and schedules in YAML, check \
            them with `validate`, and converge live Canvas accounts to them.

            Exit codes: 0 success, 1 error, 2 changes present (plan --detailed-exitcode only).
            """,
        version: "0.1.0",
        subcommands: [ValidateCommand.self, PlanCommand.self, ApplyCommand.self, ExportCommand.self, ImportCommand.self, RunCommand.self, StateCommand.self, EmulatorCommand.self]
    )

    public init() {}

    /// Runs canvasctl with `arguments` (without the program name) and returns its exit code.
    public static func run(arguments: [String], context: CommandContext) async -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            if let command = command as? any CanvasctlCommand {
                return await command.run(in: context)
            }
            // The parser's own commands (`help`, `--help`) answer by throwing a clean exit.
            try command.run()
            return 0
        } catch {
            return report(error, context: context)
        }
    }

    /// Prints a parse error, a help request or a version request the way swift-argument-parser
    /// would, but through the context's console.
    static func report(_ error: any Error, context: CommandContext) -> Int32 {
        let message = fullMessage(for: error)
        if exitCode(for: error) == .success {
            if !message.isEmpty { context.console.out(message) }
            return 0
        }
        context.console.err(message)
        // The product contract has one error code for every failure, usage errors included.
        return 1
    }
}
