import CanvasCLI
import Foundation

/// Runs canvasctl in-process, as the executable does, and keeps what it printed.
struct CLIRun {
    var exitCode: Int32
    var output: String
    var error: String
}

enum CLI {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static func run(_ arguments: [String], environment: [String: String] = [:], terminal: Bool = false) async -> CLIRun {
        let captured = CapturedConsole(terminal: terminal)
        let code = await Canvasctl.run(
            arguments: arguments,
            context: CommandContext(environment: environment, console: captured.console)
        )
        return CLIRun(exitCode: code, output: captured.output, error: captured.error)
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("canvasctl-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
