import ArgumentParser
import CanvasOperations
import CanvasProvider
import SafeText
import StateStore

/// `canvasctl state mv FROM TO`: renames an address in the state.
struct StateMoveCommand: CanvasctlCommand {
    static let configuration = CommandConfiguration(
        commandName: "mv",
        abstract: "Rename an address in the state, as when a manifest key is renamed.",
        discussion: """
            Takes the state's lock and moves the record of FROM to TO, an address of the same \
            kind: rename the key in the manifests and the state alike, and the next plan shows no \
            change for it (without the move it would delete FROM and adopt TO by name). Refused, \
            with nothing changed, when FROM is not in the state or TO already is. A schedule \
            (schedule.KEY) moves with its workflow (workflow.KEY). Does not connect to Canvas.

            Examples:
              canvasctl state mv workflow.export workflow.employee-export
              canvasctl state mv application.ftp application.ftp-main --state prod.state.json
            """
    )

    @Argument(help: ArgumentHelp("The address the state records now.", valueName: "FROM"))
    var from: String

    @Argument(help: ArgumentHelp("The address to record it at, of the same kind.", valueName: "TO"))
    var to: String

    @OptionGroup var options: StateOptions

    @OptionGroup var lockTimeout: LockTimeoutOption

    func run(in context: CommandContext) async -> Int32 {
        let result: StateEditResult
        do throws(OperationError) {
            result = try await Operations.moveInState(
                from, to: to, state: options.path(manifestPath: nil, environment: context.environment), lockTimeout: lockTimeout.duration,
                environment: context.environment
            )
        } catch {
            DiagnosticPrinter(context: context).print(error)
            return 1
        }
        for record in result.records {
            context.console.out("Moved \(PrintableText.escaped(from)) to \(PrintableText.escaped(StateSurgery.shownAddress(of: record))) (id \(PrintableText.escaped(record.id))) in the state.")
        }
        return 0
    }
}
