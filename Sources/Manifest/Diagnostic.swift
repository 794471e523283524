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

extension Diagnostic {
    /// Diagnostics without repeats, by file (in the order given), then line and column; those of no
    /// file last. Every stage that checks a manifest set reports in this order.
    public static func ordered(_ diagnostics: [Diagnostic], files: [String]) -> [Diagnostic] {
        var rank: [String: Int] = [:]
        for (index, file) in files.enumerated() where rank[file] == nil {
            rank[file] = index
        }
        var seen = Set<Diagnostic>()
        let unique = diagnostics.filter { seen.insert($0).inserted }
        return unique.enumerated().sorted { lhs, rhs in
            let left = (rank[lhs.element.path ?? ""] ?? Int.max, lhs.element.location?.line ?? 0, lhs.element.location?.column ?? 0, lhs.offset)
            let right = (rank[rhs.element.path ?? ""] ?? Int.max, rhs.element.location?.line ?? 0, rhs.element.location?.column ?? 0, rhs.offset)
            return left < right
        }.map(\.element)
    }
}

/// Every problem of a manifest set, thrown together so that one run reports them all.
public struct ManifestErrors: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    /// The secrets that were not read, when they are notes (``ManifestSet/missingSecrets``).
    public var notes: [MissingSecret]

    public init(_ diagnostics: [Diagnostic], notes: [MissingSecret] = []) {
        self.diagnostics = diagnostics
        self.notes = notes
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
