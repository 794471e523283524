import Foundation

/// Expands the paths given on a command line into manifest files: files as given, directories
/// searched recursively for `*.yaml` and `*.yml` in sorted path order.
struct ManifestFileFinder {
    static let extensions: Set<String> = ["yaml", "yml"]

    static func files(for paths: [String]) -> (files: [String], diagnostics: [Diagnostic]) {
        var files: [String] = []
        var seen = Set<String>()
        var diagnostics: [Diagnostic] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                diagnostics.append(Diagnostic("no such file or directory", path: path))
                continue
            }
            guard isDirectory.boolValue else {
                if seen.insert(path).inserted { files.append(path) }
                continue
            }
            let found = manifests(under: path)
            if found.isEmpty {
                diagnostics.append(Diagnostic("no manifest files (*.yaml, *.yml) in this directory or below it", path: path))
            }
            for file in found where seen.insert(file).inserted {
                files.append(file)
            }
        }
        return (files, diagnostics)
    }

    /// `*.yaml` and `*.yml` under `directory`, sorted by path; hidden files and folders are skipped.
    private static func manifests(under directory: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var found: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") {
                enumerator.skipDescendants()
                continue
            }
            guard extensions.contains((name as NSString).pathExtension.lowercased()) else { continue }
            let full = directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                found.append(full)
            }
        }
        return found.sorted()
    }
}
