import Manifest

/// Prints diagnostics to stderr, one per line as `PATH:LINE:COLUMN: error: MESSAGE`, then a count.
struct DiagnosticPrinter {
    let context: CommandContext

    func print(_ diagnostics: [Diagnostic]) {
        let style = TerminalStyle(console: context.console, stream: .error, environment: context.environment)
        for diagnostic in diagnostics {
            let place = diagnostic.location.map { "\($0): " } ?? diagnostic.path.map { "\($0): " } ?? ""
            let severity = diagnostic.severity == .error ? style.red("error:") : style.yellow("warning:")
            context.console.err(style.bold(place) + severity + " " + diagnostic.message)
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        context.console.err("\(errors) error\(errors == 1 ? "" : "s") found.")
    }
}
