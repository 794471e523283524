public import YAML

/// A secret a manifest set refers to but this run could not read: an unset `${env:NAME}` or a
/// `${file:PATH}` with no file.
///
/// `validate` checks the language, not the secrets' values: a pull request's pipeline has no
/// secrets, and a fork's never will. There such a reference is a note, not an error, and the
/// value stands in as the interpolation's own text (so two references to one secret stay equal).
/// `plan` and `apply` need every value and report them as errors.
public struct MissingSecret: Sendable, Hashable, CustomStringConvertible {
    /// What is missing.
    public enum Source: Sendable, Hashable {
        /// An environment variable that is not set.
        case environment(name: String)
        /// A file, inside the set's root, that does not exist (relative to the manifest naming it).
        case file(path: String)
    }

    public var source: Source
    /// The first place that refers to it.
    public var location: Mark
    /// How many places refer to it.
    public var uses: Int

    public init(source: Source, location: Mark, uses: Int = 1) {
        self.source = source
        self.location = location
        self.uses = uses
    }

    /// The interpolation as written, which also stands in for the value.
    public var interpolation: String {
        switch source {
        case .environment(let name): "${env:\(name)}"
        case .file(let path): "${file:\(path)}"
        }
    }

    /// `PATH:LINE:COLUMN: note: MESSAGE`, the form of a diagnostic.
    public var description: String {
        "\(location): note: \(message)"
    }

    /// What the note says, without its place.
    public var message: String {
        let what = switch source {
        case .environment(let name): "environment variable \(name) is not set"
        case .file(let path): "file \(path) does not exist"
        }
        let more = uses > 1 ? " and \(uses - 1) more place\(uses == 2 ? "" : "s")" : ""
        return "\(what) (used as \(interpolation) here\(more)); "
            + "the rest of the set is checked, and plan and apply need the value"
    }

    /// One entry per secret, at its first use in file, line and column order, with its uses counted.
    public static func distinct(_ references: [MissingSecret], files: [String]) -> [MissingSecret] {
        var rank: [String: Int] = [:]
        for (index, file) in files.enumerated() where rank[file] == nil { rank[file] = index }
        let ordered = references.sorted {
            (rank[$0.location.file] ?? Int.max, $0.location.line, $0.location.column)
                < (rank[$1.location.file] ?? Int.max, $1.location.line, $1.location.column)
        }
        var index: [Source: Int] = [:]
        var result: [MissingSecret] = []
        for reference in ordered {
            if let at = index[reference.source] {
                result[at].uses += reference.uses
            } else {
                index[reference.source] = result.count
                result.append(reference)
            }
        }
        return result
    }
}
