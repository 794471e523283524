import Foundation

/// Expands the paths given on a command line into manifest files: files as given, directories
/// searched recursively for `*.yaml` and `*.yml` in sorted path order.
///
/// Nothing is skipped silently: a directory that cannot be read, or a path that is neither a file
/// nor a directory (a FIFO would block the read forever), is an error, because a set with files
/// missing would plan deletes for everything in them. Hidden files and folders (`.git`) are not
/// manifests and are passed over; symbolic links to files are read when they stay inside the set's
/// root (``FileScope``), links to directories are not followed (they could loop). The same file
/// named twice (`dir` and `dir/a.yaml`, or `./a.yaml` and `a.yaml`) is read once.
struct ManifestFileFinder {
    static let extensions: Set<String> = ["yaml", "yml"]

    private let scope: FileScope
    private var files: [String] = []
    private var seen = Set<String>()
    private var diagnostics: [Diagnostic] = []

    /// Why a file whose links lead out of the root is not read.
    static func linkOutside(_ scope: FileScope) -> String {
        "this file is a link that leads outside the manifest set's root (\(scope.shownRoot)); canvasctl reads only files inside "
            + "the directory that holds every path given; give --allow-file-outside to read it anyway"
    }

    static func files(for paths: [String], scope: FileScope) -> (files: [String], diagnostics: [Diagnostic]) {
        var finder = ManifestFileFinder(scope: scope)
        for path in paths {
            finder.add(path)
        }
        return (finder.files, finder.diagnostics)
    }

    private mutating func add(_ path: String) {
        switch Self.kind(of: path, followingLinks: true) {
        case .missing:
            diagnostics.append(Diagnostic("no such file or directory", path: path))
        case .other:
            diagnostics.append(Diagnostic("not a regular file or a directory", path: path))
        case .file:
            addFile(path)
        case .directory:
            let before = files.count
            walk(path)
            if files.count == before {
                diagnostics.append(Diagnostic("no manifest files (*.yaml, *.yml) in this directory or below it", path: path))
            }
        }
    }

    private init(scope: FileScope) {
        self.scope = scope
    }

    private mutating func addFile(_ path: String) {
        guard scope.containsResolved(path) else {
            diagnostics.append(Diagnostic(Self.linkOutside(scope), path: path))
            return
        }
        let identity = URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
        if seen.insert(identity).inserted {
            files.append(path)
        }
    }

    private mutating func walk(_ directory: String) {
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            diagnostics.append(Diagnostic("cannot read this directory", path: directory))
            return
        }
        for name in entries.sorted() where !name.hasPrefix(".") {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            switch Self.kind(of: path, followingLinks: false) {
            case .directory:
                walk(path)
            case .file where Self.extensions.contains((name as NSString).pathExtension.lowercased()):
                addFile(path)
            case .other where Self.extensions.contains((name as NSString).pathExtension.lowercased()):
                diagnostics.append(Diagnostic("not a regular file", path: path))
            default:
                break
            }
        }
    }

    private enum Kind {
        case file, directory, other, missing
    }

    /// What is at `path`. Links to files count as files; links to directories are followed only
    /// for paths the user named.
    private static func kind(of path: String, followingLinks: Bool) -> Kind {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let type = attributes[.type] as? FileAttributeType else { return .missing }
        switch type {
        case .typeRegular: return .file
        case .typeDirectory: return .directory
        case .typeSymbolicLink:
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .missing }
            if isDirectory.boolValue { return followingLinks ? .directory : .other }
            return kind(of: URL(fileURLWithPath: path).resolvingSymlinksInPath().path, followingLinks: true)
        default: return .other
        }
    }
}
