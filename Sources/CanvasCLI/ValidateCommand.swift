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

            Examples:
              canvasctl validate examples/quickstart
              canvasctl validate manifests/ --var region=Oslo --var-file prod.vars.yaml
            """
    )

    @Argument(help: ArgumentHelp("Manifest files or directories.", valueName: "PATH"))
    var paths: [String]

    @OptionGroup var variables: VariableOptions

    func run(in context: CommandContext) async -> Int32 {
        let loader = variables.loader(environment: context.environment)
        do throws(ManifestErrors) {
            let set = try await loader.load(paths)
            context.console.out(ValidationSummary(set: set).line)
            context.keepUntilExit(set)
            return 0
        } catch {
            DiagnosticPrinter(context: context).print(error.diagnostics)
            return 1
        }
    }
}
