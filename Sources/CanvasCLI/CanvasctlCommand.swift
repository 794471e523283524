import ArgumentParser

/// A canvasctl subcommand: parsed by swift-argument-parser, run with a ``CommandContext``, and
/// answering with the exit code of the product contract (0 success, 1 error, 2 changes present).
protocol CanvasctlCommand: ParsableCommand {
    func run(in context: CommandContext) async -> Int32
}
