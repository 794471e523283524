import ArgumentParser
import Manifest

/// `canvasctl validate PATH...`: the offline checks of a manifest set.
struct ValidateCommand: CanvasctlCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a manifest set offline.",
        discussion: """
            Reads every manifest file given (directories are searched for *.yaml and *.yml) and \
            reports every problem as PATH:LINE:COLUMN: error: MESSAGE. Exits 0 when the set is \
            valid, 1 when it is not.

            Secrets are not needed: an unset ${env:NAME} or a missing ${file:PATH} is listed once \
            as a note, and everything else is checked, so a pull request's pipeline without \
            secrets can run it. --require-secrets makes them errors, as they are for plan and apply.

            Examples:
              canvasctl validate examples/quickstart
              canvasctl validate manifests/ --var region=Oslo --var-file prod.vars.yaml
            """
    )

    @Argument(help: ArgumentHelp("Manifest files or directories.", valueName: "PATH"))
    var paths: [String]

    @OptionGroup var variables: VariableOptions

    @Flag(name: .customLong("require-secrets"), help: ArgumentHelp(
        "Fail when a ${env:} variable is unset or a ${file:} is missing, as plan and apply do."
    ))
    var requireSecrets = false

    func run(in context: CommandContext) async -> Int32 {
        var loader = variables.loader(environment: context.environment)
        loader.requiresSecrets = requireSecrets
        do throws(ManifestErrors) {
            let set = try await loader.load(paths)
            DiagnosticPrinter(context: context).print(notes: set.missingSecrets)
            context.console.out(ValidationSummary(set: set).line)
            context.keepUntilExit(set)
            return 0
        } catch {
            DiagnosticPrinter(context: context).print(notes: error.notes)
            DiagnosticPrinter(context: context).print(error.diagnostics)
            return 1
        }
    }
}
