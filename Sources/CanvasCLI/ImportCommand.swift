import ArgumentParser
import CanvasOperations
import SafeText

/// `canvasctl import ADDRESS ID PATH...`: adopts a live resource by id into a declared address.
struct ImportCommand: CanvasctlCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Adopt a live resource by its id into an address the manifests declare.",
        discussion: """
            Loads the manifests (ADDRESS must be one they declare), reads the account it is \
            declared in, and records the resource with that id at ADDRESS in the state, under its \
            lock. Nothing is changed in Canvas: the next plan shows what apply would change to make \
            the resource match its manifest (credentials, variables and chain are sent once, as \
            canvasctl cannot read them). Refused, with nothing recorded, when the id is not a \
            resource of ADDRESS's kind in that account, is already managed, or ADDRESS is already \
            in the state. A schedule comes with its workflow: import workflow.KEY.

            Connection and state as for plan: --endpoint or CANVAS_URL, the keys from the \
            environment, --account, --state.

            Examples:
              canvasctl import workflow.export 3fa85f64-5717-4562-b3fc-2c963f66afa6 manifests/
              canvasctl import application.ftp 0b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d manifests/ --state prod.state.json
            """
    )

    @Argument(help: ArgumentHelp("The address to import into: application.KEY or workflow.KEY.", valueName: "ADDRESS"))
    var address: String

    @Argument(help: ArgumentHelp("The live resource's id.", valueName: "ID"))
    var id: String

    @Argument(help: ArgumentHelp("Manifest files or directories (default: the current directory).", valueName: "PATH"))
    var paths: [String] = []

    @OptionGroup var variables: VariableOptions

    @Option(help: ArgumentHelp(
        "The state: a file, or a postgres:// or http(s):// URL (default: $CANVAS_STATE, else canvasctl.state.json beside the first PATH).",
        valueName: "FILE|URL"
    ))
    var state: String?

    @OptionGroup var lockTimeout: LockTimeoutOption

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var accountOption: AccountOption

    func run(in context: CommandContext) async -> Int32 {
        let planning = PlanRequest(
            paths: paths.isEmpty ? ["."] : paths, inputs: variables.inputs, connection: connection.settings, account: accountOption.account,
            state: state, command: "canvasctl import", lockTimeout: lockTimeout.duration, environment: context.environment
        )
        let result: ImportResult
        do throws(OperationError) {
            result = try await Operations.importResource(ImportRequest(address: address, id: id, planning: planning, now: context.now))
        } catch {
            DiagnosticPrinter(context: context).print(error)
            return 1
        }
        context.console.out("Imported \(result.id) as \(PrintableText.escaped(result.address)) into \(PrintableText.escaped(result.location)); canvasctl manages it from now on. "
            + "`canvasctl plan` shows what apply would change to match its manifest.")
        return 0
    }
}
