public import CanvasAPI
public import CanvasProvider
public import Foundation
public import Manifest
import OrderedCollections
public import Reconciler
public import StateStore

/// A plan made, with what applying it needs: what ``Operations/plan(_:events:)`` returns, and what
/// ``Operations/apply(_:parallelism:stopRequested:events:)`` carries out. It exists so that `plan`
/// and `apply` share one planning flow and apply needs nothing planning did not already hold.
///
/// It holds the connection and the open, locked state: the caller closes the state
/// (``StateSession/close()``) when it no longer needs the lock (`plan` does so before it prints),
/// and calls ``close()`` at the end.
public struct PlanningSession: Sendable {
    /// What the session was made from.
    public let request: PlanRequest
    public let set: ManifestSet
    public let connection: Connection
    public let live: [String?: LiveState]
    public let desired: DesiredState
    /// The ManagedAccountId of documents without `account:`; nil for the keys' own account.
    public let defaultAccount: CanvasID?
    /// The state, open and locked until ``StateSession/close()`` or ``close()``.
    public let state: any StateSession
    public let plan: Plan
    /// Why the plan destroys more than it may (``DestroyGuard``): `plan` flags them, `apply` refuses
    /// without `--allow-destroy`. Kept out of the plan: the limit is the applying run's to choose.
    public let destroyFindings: [DestroyGuard.Finding]

    /// The findings as sentences, naming the manifest files read.
    public var destroyWarnings: [String] {
        destroyFindings.map { DestroyGuard.describe($0, vocabulary: plan.vocabulary, files: set.files) }
    }

    /// Closes the state (releasing its lock, when still held) and the connection (stopping the
    /// embedded emulator, when it started one). Changes recorded and not committed stay in the
    /// state's journal.
    public func close() async {
        await state.close()
        await connection.close()
    }

    /// The plan and what made it, authenticated with the keys, for `apply --plan` to carry out
    /// exactly; refused when a `--var` overrides a sensitive variable (a saved plan cannot hold it).
    public func saved(createdAt: Date) throws(SavedPlan.Problem) -> SavedPlan {
        let overrides = request.inputs.overrides.compactMap { $0 }
        if let secret = overrides.first(where: { set.variables[$0.name]?.isSensitive == true }) {
            throw SavedPlan.Problem(description:
                "--var \(secret.name) overrides a sensitive variable, which a saved plan cannot hold; give it in a --var-file, which apply reads again")
        }
        let saved = SavedPlan(
            formatVersion: SavedPlan.currentFormatVersion,
            createdAt: ISO8601DateFormatter().string(from: createdAt),
            paths: request.paths.map(SavedPlan.absolute),
            variableFiles: request.inputs.variableFiles.map(SavedPlan.absolute),
            variables: request.inputs.assignments,
            endpoint: request.connection.endpoint ?? request.environment["CANVAS_URL"] ?? "",
            account: request.account,
            allowInsecureHTTP: request.connection.allowInsecureHTTP,
            allowFileOutside: request.inputs.allowFileOutside,
            state: SavedPlan.absoluteState(request.statePath),
            plan: plan
        )
        return saved.authenticated(by: connection.planAuthenticator)
    }
}
