import ArgumentParser
import CanvasOperations
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

    /// What the options say, as a value.
    var inputs: ManifestInputs {
        ManifestInputs(assignments: variables, variableFiles: variableFiles, allowFileOutside: allowFileOutside)
    }

    /// A loader of manifests with these options and `environment`.
    func loader(environment: [String: String]) -> ManifestLoader {
        inputs.loader(environment: environment)
    }

    func validate() throws {
        // The value may be a secret: the message shows neither it nor the argument.
        if inputs.overrides.contains(where: { $0 == nil }) {
            throw ValidationError("--var takes NAME=VALUE, as in --var region=Oslo; one --var has no name before '='.")
        }
    }
}
