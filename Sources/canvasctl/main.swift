import CanvasCLI
import Foundation

let code = await Canvasctl.run(
    arguments: Array(CommandLine.arguments.dropFirst()),
    context: CommandContext(environment: ProcessInfo.processInfo.environment, console: .standard)
)
exit(code)
