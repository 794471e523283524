public import YAML

/// One problem found in a manifest set, with the place a person should look.
///
/// Printed as `PATH:LINE:COLUMN: error: MESSAGE` (1-based), the form editors, terminals and CI log
/// viewers turn into links. Problems with no line (a path that does not exist) print as `PATH: error:`.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the problem is; nil when it concerns a whole file or path (see ``path``).
    public var location: Mark?
    /// The file or path concerned when there is no ``location``.
    public var path: String?
    public var message: String

    public init(_ message: String, at location: Mark) {
        self.location = location
        self.path = location.file
        self.message = message
    }

    public init(_ message: String, path: String?) {
        self.location = nil
        self.path = path
        self.message = message
    }

    init(_ error: YAMLError) {
        self.init(error.message, at: error.mark)
    }

    /// `PATH:LINE:COLUMN`, or `PATH` when there is no line, or nothing.
    public var place: String {
        location?.description ?? path ?? ""
    }

    public var description: String {
        place.isEmpty ? "error: \(message)" : "\(place): error: \(message)"
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
