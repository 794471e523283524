import CanvasCLI
import Foundation

// Lives until `exit`, which does not release it: see ExitRetainer.
let retainer = ExitRetainer()
// Prompts only when a person can answer them: stdin is a terminal.
let reader: (@Sendable () -> String?)? = isatty(STDIN_FILENO) == 1 ? { @Sendable () -> String? in readLine(strippingNewline: true) } : nil
let code = await Canvasctl.run(
    arguments: Array(CommandLine.arguments.dropFirst()),
    context: CommandContext(
        environment: ProcessInfo.processInfo.environment, console: .standard, exitRetainer: retainer, readLine: reader,
        interrupts: .signals
    )
)
exit(code)
