import Foundation
import OrderedCollections
public import YAML

/// Loads a manifest set from the paths a user gives, in named stages: find the files, parse them
/// (in parallel), resolve the set-wide variables, decode each document, then check the set as a
/// whole (duplicate addresses, references between resources).
///
/// Every stage collects its problems instead of stopping at the first, so one run reports all of
/// them, ordered by file, line and column. The environment is passed in rather than read from the
/// process, so that tests and embedders decide what `${env:}` sees.
public struct ManifestLoader: Sendable {
    /// A `--var NAME=VALUE` given on the command line.
    public struct VariableOverride: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public var environment: [String: String]
    public var variableOverrides: [VariableOverride]
    public var variableFiles: [String]
    /// Whether manifests, `--var-file`s and `${file:}` may be read outside the set's root
    /// (``FileScope``): `--allow-file-outside`.
    public var allowFileOutside: Bool
    /// Whether an unset `${env:}` or a missing `${file:}` is an error (plan, apply, and
    /// `validate --require-secrets`) or a ``MissingSecret`` in ``ManifestSet/missingSecrets``
    /// (`validate`).
    public var requiresSecrets: Bool
    public var yaml: YAMLLoader

    public init(
        environment: [String: String],
        variableOverrides: [VariableOverride] = [],
        variableFiles: [String] = [],
        allowFileOutside: Bool = false,
        requiresSecrets: Bool = true,
        yaml: YAMLLoader = YAMLLoader()
    ) {
        self.requiresSecrets = requiresSecrets
        self.environment = environment
        self.variableOverrides = variableOverrides
        self.variableFiles = variableFiles
        self.allowFileOutside = allowFileOutside
        self.yaml = yaml
    }

    /// A parsed manifest file.
    struct ParsedFile: Sendable {
        var path: String
        var documents: [Node]
        var diagnostics: [Diagnostic]
    }

    public func load(_ paths: [String]) async throws(ManifestErrors) -> ManifestSet {
        let scope = allowFileOutside ? FileScope.anywhere : FileScope(paths: paths + variableFiles)
        let (files, findDiagnostics) = ManifestFileFinder.files(for: paths, scope: scope)
        var diagnostics = findDiagnostics

        let parsed = await parse(files)
        diagnostics += parsed.flatMap(\.diagnostics)
        let parsedCleanly = diagnostics.isEmpty

        var variables = VariableResolver(environment: environment, files: scope, requiresSecrets: requiresSecrets)
        for file in parsed {
            let base = (file.path as NSString).deletingLastPathComponent
            for document in file.documents {
                variables.collect(from: document, base: base)
            }
        }
        for path in variableFiles {
            if FileManager.default.fileExists(atPath: path), !scope.containsResolved(path) {
                variables.diagnostics.append(Diagnostic(ManifestFileFinder.linkOutside(scope), path: path))
                continue
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                variables.diagnostics.append(Diagnostic("cannot read this --var-file", path: path))
                continue
            }
            variables.override(withFile: path, bytes: [UInt8](data))
        }
        for override in variableOverrides {
            variables.override(name: override.name, value: override.value)
        }
        diagnostics += variables.diagnostics
        let resolvedVariables = variables.resolved

        let documentCount = parsed.reduce(0) { $0 + $1.documents.count }
        let decoded = await decode(consume parsed, variables: resolvedVariables, files: scope, complete: parsedCleanly)
        let applications = decoded.flatMap(\.applications)
        let workflows = decoded.flatMap(\.workflows)
        diagnostics += decoded.flatMap(\.reader.diagnostics)
        // References across files are checked only when every file parsed: a file cut short by a
        // syntax error would make every reference into it look unknown.
        if parsedCleanly {
            diagnostics += SetChecker.check(applications: applications, workflows: workflows)
        }

        let missingSecrets = MissingSecret.distinct(variables.missingSecrets + decoded.flatMap(\.reader.missingSecrets), files: files + variableFiles)
        guard diagnostics.isEmpty else {
            throw ManifestErrors(Diagnostic.ordered(diagnostics, files: files + variableFiles), notes: missingSecrets)
        }
        var secrets = variables.secrets
        for decoder in decoded { secrets.formUnion(decoder.reader.secrets) }
        for application in applications {
            if application.name.isSensitive { secrets.insert(application.name.value) }
            for credential in application.credentials.values {
                switch credential.value {
                case .string(let text): secrets.insert(text)
                case .int(let number): secrets.insert(String(number))
                case .float(let number): secrets.insert(String(number))
                // A flag or an empty field holds nothing to give away.
                case .bool, .null: break
                }
            }
        }
        for workflow in workflows {
            if workflow.name.isSensitive { secrets.insert(workflow.name.value) }
            if let description = workflow.description, description.isSensitive { secrets.insert(description.value) }
        }
        return ManifestSet(
            files: files,
            documentCount: documentCount,
            variables: resolvedVariables,
            applications: applications,
            workflows: workflows,
            secrets: secrets.sorted(),
            missingSecrets: missingSecrets
        )
    }

    /// Reads and parses every file, a task per file (as many at once as the machine has cores),
    /// keeping the files' order.
    func parse(_ files: [String]) async -> [ParsedFile] {
        let yaml = self.yaml
        return await withTaskGroup(of: (Int, ParsedFile).self) { group in
            for (index, path) in files.enumerated() {
                group.addTask {
                    guard let data = FileManager.default.contents(atPath: path) else {
                        return (index, ParsedFile(path: path, documents: [], diagnostics: [Diagnostic("cannot read this file", path: path)]))
                    }
                    let result = yaml.load([UInt8](data), file: path)
                    return (index, ParsedFile(path: path, documents: result.documents, diagnostics: result.errors.map(Diagnostic.init)))
                }
            }
            var results = [ParsedFile?](repeating: nil, count: files.count)
            for await (index, file) in group {
                results[index] = file
            }
            return results.compactMap { $0 }
        }
    }

    /// Decodes every document, a file per task, keeping the files' order.
    func decode(
        _ files: consuming [ParsedFile], variables: OrderedDictionary<String, Sourced<String>>, files scope: FileScope,
        complete: Bool = true
    ) async -> [DocumentDecoder] {
        let crons = CronCache()
        // Variables are known only when every file parsed: a file cut short by a syntax error may
        // be the one that declares them.
        let interpolator = Interpolator(
            environment: environment, variables: Dictionary(uniqueKeysWithValues: variables.map { ($0.key, $0.value) }), files: scope,
            reportsUndefinedVariables: complete, requiresSecrets: requiresSecrets
        )
        let count = files.count
        var remaining = consume files
        return await withTaskGroup(of: (Int, DocumentDecoder).self) { group in
            for index in remaining.indices.reversed() {
                let file = remaining.removeLast()
                group.addTask {
                    let base = (file.path as NSString).deletingLastPathComponent
                    var decoder = DocumentDecoder(reader: NodeReader(base: base, interpolator: interpolator), crons: crons)
                    for document in file.documents {
                        decoder.decode(document)
                    }
                    return (index, decoder)
                }
            }
            var results = [DocumentDecoder?](repeating: nil, count: count)
            for await (index, decoder) in group {
                results[index] = decoder
            }
            return results.compactMap { $0 }
        }
    }
}
