import ArgumentParser
import Manifest

/// `--var` and `--var-file`, shared by every command that reads manifests.
struct VariableOptions: ParsableArguments {
    @Option(name: .customLong("var"), help: ArgumentHelp("Override a manifest variable.", valueName: "NAME=VALUE"))
    var variables: [String] = []

    @Option(name: .customLong("var-file"), help: ArgumentHelp("Override variables from a YAML mapping of NAME: VALUE.", valueName: "FILE"))
    var variableFiles: [String] = []

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
