import Foundation
import Manifest

/// A throwaway directory of manifest files, loaded the way the CLI loads them. Diagnostics come
/// back with the directory stripped, so tests read `a.yaml:3:5: error: …`.
final class ManifestFixture {
    let directory: String

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    init(_ files: [String: String]) throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("canvasctl-manifest-\(UUID().uuidString)").path
        for (path, contents) in files {
            try write(path, Data(contents.utf8))
        }
    }

    func write(_ path: String, _ data: Data) throws {
        let url = URL(fileURLWithPath: directory).appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    func path(_ relative: String) -> String { directory + "/" + relative }

    func load(
        _ paths: [String] = ["."],
        environment: [String: String] = [:],
        overrides: [ManifestLoader.VariableOverride] = [],
        variableFiles: [String] = [],
        requiresSecrets: Bool = true
    ) async -> Result<ManifestSet, ManifestErrors> {
        let loader = ManifestLoader(
            environment: environment,
            variableOverrides: overrides,
            variableFiles: variableFiles.map(path),
            requiresSecrets: requiresSecrets
        )
        do throws(ManifestErrors) {
            return .success(try await loader.load(paths.map { $0 == "." ? directory : path($0) }))
        } catch {
            return .failure(error)
        }
    }

    /// The set, or nil; records the diagnostics in `errors` either way.
    func errors(
        _ paths: [String] = ["."],
        environment: [String: String] = [:],
        overrides: [ManifestLoader.VariableOverride] = [],
        variableFiles: [String] = []
    ) async -> [String] {
        switch await load(paths, environment: environment, overrides: overrides, variableFiles: variableFiles) {
        case .success: return []
        case .failure(let errors): return errors.diagnostics.map { strip($0.description) }
        }
    }

    func strip(_ text: String) -> String {
        text.replacingOccurrences(of: directory + "/", with: "").replacingOccurrences(of: directory, with: ".")
    }
}

extension Result {
    var value: Success? {
        if case .success(let value) = self { return value }
        return nil
    }
}
