import ArgumentParser
import CanvasAPI
import CanvasProvider
import Foundation
import JSONSupport
import Manifest
import SafeText
import StateStore

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
        let statePath = stateOptions.path(manifestPath: nil, environment: context.environment)
        guard StateLocation.isURL(statePath) || FileManager.default.fileExists(atPath: statePath) else {
            context.console.err(
                "error: there is no state file \(statePath): run finds the workflow in the state that apply writes; run it where "
                    + "the state is, or give it with --state or CANVAS_STATE"
            )
            return 1
        }
        let record: StateRecord
        do {
            let backend = try StateLocation.backend(
                for: statePath, environment: context.environment, allowInsecureHTTP: connection.allowInsecureHTTP
            )
            record = try Self.find(workflow, in: try await backend.read(), statePath: backend.location)
        } catch {
            context.console.err("error: \(error)")
            return 1
        }
        guard let id = CanvasID(record.id) else {
            context.console.err("error: \(record.address) has the id '\(PrintableText.escaped(record.id))' in \(statePath), which is not a Canvas id")
            return 1
        }
        let account: CanvasID?
        do throws(ConnectionError) {
            if let recorded = record.scope {
                guard let parsed = CanvasID(recorded) else { throw ConnectionError("\(record.address) is recorded in account '\(recorded)', which is not a Canvas account id") }
                account = parsed
            } else {
                account = try accountOption.defaultAccount(environment: context.environment)
            }
        } catch {
            context.console.err("error: \(error.message)")
            return 1
        }
        let connected: Connection
        do throws(ConnectionError) {
            connected = try await connection.settings.connect(environment: context.environment)
        } catch {
            context.console.err("error: \(error.message)")
            return 1
        }
        defer { context.keepUntilExit(connected.client) }
        do throws(CanvasAPIError) {
            let answer = try await connected.client.runWorkflow(
                RunMetadataApiDto(workflowId: id, runFromBlock: fromBlock, runTillBlock: tillBlock), account: account
            )
            await connected.close()
            let range = switch (fromBlock, tillBlock) {
            case (nil, nil): ""
            case (let from?, nil): " from block \(from)"
            case (nil, let till?): " till block \(till)"
            case (let from?, let till?): " blocks \(from) to \(till)"
            }
            let said = answer.trimmingCharacters(in: .whitespacesAndNewlines)
            context.console.out("\(record.address) (\(id))\(range): \(said.isEmpty ? "started" : PrintableText.escaped(said))")
            return 0
        } catch {
            await connected.close()
            context.console.err("error: \(record.address) (\(id)) could not be run: \(error)")
            return 1
        }
    }

    /// Why a workflow reference found no managed workflow.
    struct LookupError: Error, CustomStringConvertible {
        var description: String
    }

    /// The state record `reference` names: an address, a key, or a recorded name (which must be
    /// unique among the managed workflows).
    static func find(_ reference: String, in snapshot: StateSnapshot, statePath: String) throws(LookupError) -> StateRecord {
        let workflows = snapshot.records.values.filter { $0.provider == CanvasPlanner.stateProvider && $0.kind == "workflow" }
        if let record = snapshot.record(provider: CanvasPlanner.stateProvider, address: reference), record.kind == "workflow" { return record }
        if let record = snapshot.record(provider: CanvasPlanner.stateProvider, address: "workflow.\(reference)"), record.kind == "workflow" { return record }
        let named = workflows.filter { $0.attribute("name") == .string(reference) }
        if named.count == 1 { return named[0] }
        let shown = PrintableText.escaped(reference)
        if named.count > 1 {
            throw LookupError(description: "\(named.count) managed workflows are named '\(shown)' (\(named.map(\.address).sorted().joined(separator: ", "))); give the address instead")
        }
        guard !workflows.isEmpty else {
            throw LookupError(description: "\(statePath) records no workflow; run apply first, or give the state with --state or CANVAS_STATE")
        }
        let candidates = workflows.map(\.address) + workflows.map { String($0.address.dropFirst("workflow.".count)) }
        throw LookupError(
            description: "no managed workflow is called '\(shown)' in \(statePath)"
                + (Suggestion.closest(to: reference, among: candidates).map { " (did you mean '\($0)'?)" } ?? "") + "; "
                + "`canvasctl state list` shows the managed workflows"
        )
    }
}
