import CanvasCLI
import Foundation

// Lives until `exit`, which does not release it: see ExitRetainer.
let retainer = ExitRetainer()
let code = await Canvasctl.run(
    arguments: Array(CommandLine.arguments.dropFirst()),
    context: CommandContext(environment: ProcessInfo.processInfo.environment, console: .standard, exitRetainer: retainer)
)
exit(code)
