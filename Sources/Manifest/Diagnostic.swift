public import YAML

/// One problem found in a manifest set, with the place a person should look.
///
/// Printed as `PATH:LINE:COLUMN: error: MESSAGE` (1-based), the form editors, terminals and CI log
/// viewers turn into links. Problems with no line (a path that does not exist) print as `PATH: error:`.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error, warning
    }

    public var severity: Severity
    /// Where the problem is; nil when it concerns a whole file or path (see ``path``).
    public var location: Mark?
    /// The file or path concerned when there is no ``location``.
    public var path: String?
    public var message: String

    public init(_ message: String, at location: Mark, severity: Severity = .error) {
        self.severity = severity
        self.location = location
        self.path = location.file
        self.message = message
    }

    public init(_ message: String, path: String?, severity: Severity = .error) {
        self.severity = severity
        self.location = nil
        self.path = path
        self.message = message
    }

    init(_ error: YAMLError) {
        self.init(error.message, at: error.mark)
    }

    public var description: String {
        let place = location.map { "\($0): " } ?? path.map { "\($0): " } ?? ""
        return "\(place)\(severity.rawValue): \(message)"
    }
}

/// Every problem of a manifest set, thrown together so that one run reports them all.
public struct ManifestErrors: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
