import Foundation
import OrderedCollections
import YAML

/// Gathers the set-wide `variables:` of every document, applies `--var-file` and `--var`
/// overrides, and resolves their `${env:}` and `${file:}` references.
///
/// Variables share one namespace across the whole set, like a Terraform module's: defining the
/// same name twice is an error, and so is overriding a name no document declares.
struct VariableResolver {
    struct Definition {
        var value: Sourced<String>
        var nameLocation: Mark
    }

    let environment: [String: String]
    let files: FileScope
    var definitions: OrderedDictionary<String, Definition> = [:]
    var diagnostics: [Diagnostic] = []
    /// The secret pieces the variables were built from.
    var secrets: Set<String> = []
    /// Secrets the variables refer to that could not be read (``Interpolator/requiresSecrets``).
    var missingSecrets: [MissingSecret] = []
    let requiresSecrets: Bool

    init(environment: [String: String], files: FileScope, requiresSecrets: Bool = true) {
        self.environment = environment
        self.files = files
        self.requiresSecrets = requiresSecrets
    }

    /// Reads the `variables:` block of a document, if it has one. Other keys are checked later.
    mutating func collect(from root: Node, base: String) {
        guard let pairs = root.pairs,
              let block = pairs.first(where: { $0.key.isStringScalar("variables") }) else { return }
        for (name, definition) in read(block.value, base: base, what: "variables") {
            if let first = definitions[name] {
                diagnostics.append(Diagnostic(
                    "variable '\(name)' is defined twice in this set (first at \(first.nameLocation)); variables are shared by all files",
                    at: definition.nameLocation
                ))
            } else {
                definitions[name] = definition
            }
        }
    }

    /// Applies a `--var-file`: a YAML mapping of declared variable names to values.
    mutating func override(withFile path: String, bytes: [UInt8]) {
        let result = YAMLLoader().load(bytes, file: path)
        diagnostics += result.errors.map(Diagnostic.init)
        let base = (path as NSString).deletingLastPathComponent
        for document in result.documents where !document.isNull {
            for (name, definition) in read(document, base: base, what: "a --var-file") {
                guard definitions[name] != nil else {
                    diagnostics.append(Diagnostic(undeclared(name), at: definition.nameLocation))
                    continue
                }
                definitions[name] = definition
            }
        }
    }

    /// Applies a `--var NAME=VALUE`. The value is taken literally: the shell has already expanded it.
    mutating func override(name: String, value: String) {
        guard let existing = definitions[name] else {
            diagnostics.append(Diagnostic(undeclared(name), path: "--var \(name)"))
            return
        }
        let location = Mark(file: "--var \(name)", line: 1, column: 1)
        // A variable declared from a secret stays sensitive when it is overridden.
        definitions[name] = Definition(
            value: Sourced(value, at: location, isSensitive: existing.value.isSensitive),
            nameLocation: existing.nameLocation
        )
    }

    var resolved: OrderedDictionary<String, Sourced<String>> {
        definitions.mapValues(\.value)
    }

    private func undeclared(_ name: String) -> String {
        "variable '\(name)' is not declared in any 'variables:' block" + Suggestion.hint(for: name, among: definitions.keys)
    }

    private mutating func read(_ node: Node, base: String, what: String) -> [(String, Definition)] {
        var reader = NodeReader(
            base: base, interpolator: Interpolator(environment: environment, variables: nil, files: files, requiresSecrets: requiresSecrets)
        )
        defer {
            diagnostics += reader.diagnostics
            secrets.formUnion(reader.secrets)
            missingSecrets += reader.missingSecrets
        }
        guard let pairs = reader.mapping(node, what) else { return [] }
        var read: [(String, Definition)] = []
        for pair in pairs {
            guard let name = reader.key(pair.key, "a variable name") else { continue }
            guard NodeReader.isIdentifier(name), name.first?.isNumber == false else {
                reader.error("variable name '\(name)' may hold only letters, digits, '_' and '-', and must start with a letter or '_'", at: pair.key)
                continue
            }
            guard let scalar = pair.value.scalar, scalar.value != .null else {
                reader.error("variable '\(name)' must be a string, number or boolean, found \(pair.value.kindDescription)", at: pair.value)
                continue
            }
            // Numbers and booleans are kept as written, so `version: 1.10` stays "1.10".
            let value = scalar.value.string == nil
                ? Sourced(scalar.text, at: pair.value.mark)
                : reader.string(pair.value, "variable '\(name)'")
            guard let value else { continue }
            read.append((name, Definition(value: value, nameLocation: pair.key.mark)))
        }
        return read
    }
}
