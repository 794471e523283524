import ArgumentParser
import Manifest

/// `--var`, `--var-file` and `--allow-file-outside`: what a manifest set reads besides its files,
/// shared by every command that reads manifests.
struct VariableOptions: ParsableArguments {
    @Option(name: .customLong("var"), help: ArgumentHelp("Override a manifest variable.", valueName: "NAME=VALUE"))
    var variables: [String] = []

    @Option(name: .customLong("var-file"), help: ArgumentHelp("Override variables from a YAML mapping of NAME: VALUE.", valueName: "FILE"))
    var variableFiles: [String] = []

    @Flag(name: .customLong("allow-file-outside"), help: ArgumentHelp(
        "Let manifests, --var-files and ${file:} read files outside the manifest set's root (the directory holding every PATH given). Never use it on manifests you do not trust, such as a pull request's."
    ))
    var allowFileOutside = false

    /// A loader of manifests with these options and `environment`.
    func loader(environment: [String: String]) -> ManifestLoader {
        ManifestLoader(
            environment: environment,
            variableOverrides: overrides.compactMap { $0 },
            variableFiles: variableFiles,
            allowFileOutside: allowFileOutside
        )
    }

    /// The `--var` assignments, split at their first `=`; nil for one without a name before it.
    var overrides: [ManifestLoader.VariableOverride?] {
        variables.map { assignment in
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else { return nil }
            return ManifestLoader.VariableOverride(
                name: String(assignment[..<equals]),
                value: String(assignment[assignment.index(after: equals)...])
            )
        }
    }

    func validate() throws {
        // The value may be a secret: the message shows neither it nor the argument.
        if overrides.contains(where: { $0 == nil }) {
            throw ValidationError("--var takes NAME=VALUE, as in --var region=Oslo; one --var has no name before '='.")
        }
    }
}
