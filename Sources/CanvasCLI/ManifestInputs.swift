import Manifest

/// What a manifest set is read with besides its files — `--var` assignments, `--var-file`s, and
/// whether files outside the set's root may be read — as a value: the options
/// (``VariableOptions``) and a saved plan both give one.
struct ManifestInputs: Sendable {
    /// The `--var` assignments, as given (`NAME=VALUE`).
    var assignments: [String] = []
    var variableFiles: [String] = []
    var allowFileOutside = false

    /// The assignments split at their first `=`; nil for one without a name before it.
    var overrides: [ManifestLoader.VariableOverride?] {
        assignments.map { assignment in
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else { return nil }
            return ManifestLoader.VariableOverride(
                name: String(assignment[..<equals]),
                value: String(assignment[assignment.index(after: equals)...])
            )
        }
    }

    /// A loader of manifests with these inputs and `environment`.
    func loader(environment: [String: String]) -> ManifestLoader {
        ManifestLoader(
            environment: environment,
            variableOverrides: overrides.compactMap { $0 },
            variableFiles: variableFiles,
            allowFileOutside: allowFileOutside
        )
    }
}
