import ArgumentParser
import Manifest

/// `--var` and `--var-file`, shared by every command that reads manifests.
struct VariableOptions: ParsableArguments {
    @Option(name: .customLong("var"), help: ArgumentHelp("Override a manifest variable.", valueName: "NAME=VALUE"))
    var variables: [String] = []

    @Option(name: .customLong("var-file"), help: ArgumentHelp("Override variables from a YAML mapping of NAME: VALUE.", valueName: "FILE"))
    var variableFiles: [String] = []

    var overrides: [ManifestLoader.VariableOverride] {
        variables.compactMap { assignment in
            guard let equals = assignment.firstIndex(of: "=") else { return nil }
            return ManifestLoader.VariableOverride(
                name: String(assignment[..<equals]),
                value: String(assignment[assignment.index(after: equals)...])
            )
        }
    }

    func validate() throws {
        for assignment in variables {
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                let name = assignment.split(separator: "=").first.map(String.init) ?? assignment
                throw ValidationError("--var takes NAME=VALUE, as in --var region=Oslo; got '\(name)' with no '='.")
            }
        }
    }
}
