import CanvasAPI
import CanvasProvider
import Foundation
import JSONSupport
import Manifest
import SafeText
public import StateStore

extension Operations {
    /// Starts a managed workflow now (RunWorkflow), whole or a range of its blocks. Only workflows
    /// the state records can be run, so that a name cannot reach a workflow canvasctl does not
    /// manage; the state is read, not locked, and nothing else is read or changed.
    public static func run(_ request: RunRequest) async throws(OperationError) -> RunResult {
        let statePath = request.statePath
        guard StateLocation.isURL(statePath) || FileManager.default.fileExists(atPath: statePath) else {
            throw .failed(
                "there is no state file \(statePath): run finds the workflow in the state that apply writes; run it where "
                    + "the state is, or give it with --state or CANVAS_STATE"
            )
        }
        let record: StateRecord
        do {
            let backend = try StateLocation.backend(
                for: statePath, environment: request.environment, allowInsecureHTTP: request.connection.allowInsecureHTTP
            )
            record = try findWorkflow(request.workflow, in: try await backend.read(), statePath: backend.location)
        } catch {
            throw .failed("\(error)")
        }
        guard let id = CanvasID(record.id) else {
            throw .failed("\(record.address) has the id '\(PrintableText.escaped(record.id))' in \(statePath), which is not a Canvas id")
        }
        let account: CanvasID?
        do throws(ConnectionError) {
            if let recorded = record.scope {
                guard let parsed = CanvasID(recorded) else {
                    throw ConnectionError("\(record.address) is recorded in account '\(recorded)', which is not a Canvas account id")
                }
                account = parsed
            } else {
                account = try DefaultAccount.resolve(request.account, environment: request.environment)
            }
        } catch {
            throw .failed(error.message)
        }
        let connected: Connection
        do throws(ConnectionError) {
            connected = try await request.connection.connect(environment: request.environment)
        } catch {
            throw .failed(error.message)
        }
        do throws(CanvasAPIError) {
            let answer = try await connected.client.runWorkflow(
                RunMetadataApiDto(workflowId: id, runFromBlock: request.fromBlock, runTillBlock: request.tillBlock), account: account
            )
            await connected.close()
            return RunResult(address: record.address, id: id, fromBlock: request.fromBlock, tillBlock: request.tillBlock, answer: answer)
        } catch {
            await connected.close()
            throw .failed("\(record.address) (\(id)) could not be run: \(error)")
        }
    }

    /// The state record `reference` names: an address, a key, or a recorded name (which must be
    /// unique among the managed workflows).
    public static func findWorkflow(_ reference: String, in snapshot: StateSnapshot, statePath: String) throws(OperationError) -> StateRecord {
        let workflows = snapshot.records.values.filter { $0.provider == CanvasPlanner.stateProvider && $0.kind == "workflow" }
        if let record = snapshot.record(provider: CanvasPlanner.stateProvider, address: reference), record.kind == "workflow" { return record }
        if let record = snapshot.record(provider: CanvasPlanner.stateProvider, address: "workflow.\(reference)"), record.kind == "workflow" {
            return record
        }
        let named = workflows.filter { $0.attribute("name") == .string(reference) }
        if named.count == 1 { return named[0] }
        let shown = PrintableText.escaped(reference)
        if named.count > 1 {
            throw .failed("\(named.count) managed workflows are named '\(shown)' (\(named.map(\.address).sorted().joined(separator: ", "))); give the address instead")
        }
        guard !workflows.isEmpty else {
            throw .failed("\(statePath) records no workflow; run apply first, or give the state with --state or CANVAS_STATE")
        }
        let candidates = workflows.map(\.address) + workflows.map { String($0.address.dropFirst("workflow.".count)) }
        throw .failed(
            "no managed workflow is called '\(shown)' in \(statePath)"
                + (Suggestion.closest(to: reference, among: candidates).map { " (did you mean '\($0)'?)" } ?? "") + "; "
                + "`canvasctl state list` shows the managed workflows"
        )
    }
}
