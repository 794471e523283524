import CanvasOperations
import Manifest
import SafeText

/// Prints diagnostics to stderr, one per line as `PATH:LINE:COLUMN: error: MESSAGE`, then a count.
///
/// A place or message quoting a manifest (a key, a value, a path) is printed through
/// `PrintableText`, so that no input can colour the terminal or forge a second diagnostic line.
struct DiagnosticPrinter {
    let context: CommandContext

    func print(_ diagnostics: [Diagnostic]) {
        let style = TerminalStyle(console: context.console, stream: .error, environment: context.environment)
        for diagnostic in diagnostics {
            let place = PrintableText.escaped(diagnostic.place)
            context.console.err(style.bold(place.isEmpty ? "" : place + ": ") + style.red("error:") + " " + PrintableText.escaped(diagnostic.message))
        }
        let errors = diagnostics.count
        context.console.err("\(errors) error\(errors == 1 ? "" : "s") found.")
    }

    /// Prints the secrets a set refers to that were not read, one `PATH:LINE:COLUMN: note: …` each.
    func print(notes: [MissingSecret]) {
        let style = TerminalStyle(console: context.console, stream: .error, environment: context.environment)
        for note in notes {
            let place = PrintableText.escaped("\(note.location)")
            context.console.err(style.bold(place + ": ") + style.cyan("note:") + " " + PrintableText.escaped(note.message))
        }
    }

    /// Reports an operation's failure: its diagnostics as above, or `error: …`.
    func print(_ error: OperationError) {
        switch error {
        case .diagnostics(let diagnostics): print(diagnostics)
        case .failed(let message): context.console.err("error: \(message)")
        }
    }
}
