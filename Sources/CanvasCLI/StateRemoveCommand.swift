import ArgumentParser
import CanvasOperations
import CanvasProvider
import SafeText
import StateStore

/// `canvasctl state rm ADDRESS...`: forgets resources without deleting them.
struct StateRemoveCommand: CanvasctlCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Forget resources: canvasctl stops managing them and leaves them in Canvas.",
        discussion: """
            Takes the state's lock and removes the records of the addresses given (as `state list` \
            shows them); the resources stay in Canvas as they are, and plans list them as \
            unmanaged and never change or delete them. Take them out of the manifests too: an \
            address the manifests still declare is adopted again by name by the next plan. When \
            any address is not in the state, nothing is removed. A schedule (schedule.KEY) is \
            forgotten with its workflow (workflow.KEY). Does not connect to Canvas.

            Examples:
              canvasctl state rm workflow.legacy-export --state prod.state.json
              canvasctl state rm application.old-ftp workflow.old-sync
            """
    )

    @Argument(help: ArgumentHelp("The addresses to forget, such as workflow.export.", valueName: "ADDRESS"))
    var addresses: [String]

    @OptionGroup var options: StateOptions

    @OptionGroup var lockTimeout: LockTimeoutOption

    func run(in context: CommandContext) async -> Int32 {
        let result: StateEditResult
        do throws(OperationError) {
            result = try await Operations.removeFromState(
                addresses, state: options.path(manifestPath: nil, environment: context.environment), lockTimeout: lockTimeout.duration,
                environment: context.environment
            )
        } catch {
            DiagnosticPrinter(context: context).print(error)
            return 1
        }
        for record in result.records {
            context.console.out("Removed \(PrintableText.escaped(StateSurgery.shownAddress(of: record))) (id \(PrintableText.escaped(record.id))) from the state; "
                + "canvasctl no longer manages it and leaves it in Canvas as it is.")
        }
        return 0
    }
}
