import ArgumentParser
import CanvasOperations
import Foundation
import SafeText

/// `canvasctl run WORKFLOW`: starts a managed workflow now (RunWorkflow), whole or a range of its
/// blocks. Only workflows the state records can be run, so that a name cannot reach a workflow
/// canvasctl does not manage.
struct RunCommand: CanvasctlCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a managed workflow now, whole or from/till a block.",
        discussion: """
            WORKFLOW is a managed workflow's address (workflow.KEY), its key, or its name as the \
            state recorded it. The state is read (not locked) to find its live id and account; \
            nothing else is read or changed. Blocks are numbered as in Canvas, from 1.

            Exit codes: 0 the run was started, 1 error (the API's message is printed).

            Examples:
              canvasctl run employee-sync --state manifests/canvasctl.state.json
              canvasctl run workflow.employee-export-csv --till 2
              canvasctl run "Employee sync (Acme)" --from 2 --till 4
            """
    )

    @Argument(help: ArgumentHelp("The workflow: workflow.KEY, KEY, or its name.", valueName: "WORKFLOW"))
    var workflow: String

    @Option(name: .customLong("from"), help: ArgumentHelp("The first block to run.", valueName: "N"))
    var fromBlock: Int?

    @Option(name: .customLong("till"), help: ArgumentHelp("The last block to run.", valueName: "N"))
    var tillBlock: Int?

    @OptionGroup var stateOptions: StateOptions
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var accountOption: AccountOption

    func validate() throws {
        if let fromBlock, fromBlock < 1 {
            throw ValidationError("--from takes a block number of at least 1, as in --from 2.")
        }
        if let tillBlock, tillBlock < 1 {
            throw ValidationError("--till takes a block number of at least 1, as in --till 3.")
        }
        if let fromBlock, let tillBlock, fromBlock > tillBlock {
            throw ValidationError("--from \(fromBlock) comes after --till \(tillBlock); the range runs from the first block to the last.")
        }
    }

    func run(in context: CommandContext) async -> Int32 {
        let request = RunRequest(
            workflow: workflow, fromBlock: fromBlock, tillBlock: tillBlock,
            statePath: stateOptions.path(manifestPath: nil, environment: context.environment), connection: connection.settings,
            account: accountOption.account, environment: context.environment
        )
        let result: RunResult
        do throws(OperationError) {
            result = try await Operations.run(request)
        } catch {
            DiagnosticPrinter(context: context).print(error)
            return 1
        }
        let range = switch (result.fromBlock, result.tillBlock) {
        case (nil, nil): ""
        case (let from?, nil): " from block \(from)"
        case (nil, let till?): " till block \(till)"
        case (let from?, let till?): " blocks \(from) to \(till)"
        }
        let said = result.answer.trimmingCharacters(in: .whitespacesAndNewlines)
        context.console.out("\(result.address) (\(result.id))\(range): \(said.isEmpty ? "started" : PrintableText.escaped(said))")
        return 0
    }
}
