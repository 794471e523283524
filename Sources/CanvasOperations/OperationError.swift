public import Manifest
import SafeText

/// Why an operation failed, as the commands report it: the diagnostics of a manifest set (each
/// with its place), or one sentence (printed as `error: …`). Neither ever holds a key, a token or
/// a sensitive value: the messages name references, and the API's answers are screened.
public enum OperationError: Error, Sendable, CustomStringConvertible {
    /// The manifests, or what they resolve to, are not valid: every problem found.
    case diagnostics([Diagnostic])
    /// Anything else: the connection, the state, the live reads, the files, the API.
    case failed(String)

    /// The diagnostics one per line (`PLACE: error: MESSAGE`, then a count), or the sentence.
    public var description: String {
        switch self {
        case .diagnostics(let diagnostics):
            let lines = diagnostics.map { diagnostic in
                let place = PrintableText.escaped(diagnostic.place)
                return (place.isEmpty ? "" : place + ": ") + "error: " + PrintableText.escaped(diagnostic.message)
            }
            return (lines + ["\(diagnostics.count) error\(diagnostics.count == 1 ? "" : "s") found."]).joined(separator: "\n")
        case .failed(let message):
            return message
        }
    }
}
