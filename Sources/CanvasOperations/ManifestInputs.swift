public import Manifest

/// What a manifest set is read with besides its files — `--var` assignments, `--var-file`s, and
/// whether files outside the set's root may be read — as a value: the command's options and a saved
/// plan both give one, so that `apply --plan` loads the set exactly as `plan --out` did.
public struct ManifestInputs: Sendable, Equatable {
    /// The `--var` assignments, as given (`NAME=VALUE`).
    public var assignments: [String]
    public var variableFiles: [String]
    public var allowFileOutside: Bool

    public init(assignments: [String] = [], variableFiles: [String] = [], allowFileOutside: Bool = false) {
        self.assignments = assignments
        self.variableFiles = variableFiles
        self.allowFileOutside = allowFileOutside
    }

    /// The assignments split at their first `=`; nil for one without a name before it.
    public var overrides: [ManifestLoader.VariableOverride?] {
        assignments.map { assignment in
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else { return nil }
            return ManifestLoader.VariableOverride(
                name: String(assignment[..<equals]),
                value: String(assignment[assignment.index(after: equals)...])
            )
        }
    }

    /// A loader of manifests with these inputs and `environment`.
    public func loader(environment: [String: String]) -> ManifestLoader {
        ManifestLoader(
            environment: environment,
            variableOverrides: overrides.compactMap { $0 },
            variableFiles: variableFiles,
            allowFileOutside: allowFileOutside
        )
    }
}
