import Manifest

/// Prints diagnostics to stderr, one per line as `PATH:LINE:COLUMN: error: MESSAGE`, then a count.
struct DiagnosticPrinter {
    let context: CommandContext

    func print(_ diagnostics: [Diagnostic]) {
        let style = TerminalStyle(console: context.console, stream: .error, environment: context.environment)
        for diagnostic in diagnostics {
            let place = Self.escaped(diagnostic.place)
            context.console.err(style.bold(place.isEmpty ? "" : place + ": ") + style.red("error:") + " " + Self.escaped(diagnostic.message))
        }
        let errors = diagnostics.count
        context.console.err("\(errors) error\(errors == 1 ? "" : "s") found.")
    }

    /// Control and bidirectional-override characters from a manifest (a key, a path) are shown as
    /// `\u{…}`, so that no input can colour the terminal or forge a second diagnostic line.
    static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
