import CanvasAPI
import CanvasProvider
import Foundation
import Manifest
import Reconciler
import StateStore

extension Operations {
    /// Plans as the request says: loads the manifests, connects, reads the live state of every
    /// account the set manages (and those the state still records), resolves the set against it,
    /// opens the state (with its lock) and plans. What it returns holds the open, locked state and
    /// the connection (see ``PlanningSession``); on a failure it has closed what it opened.
    ///
    /// The stages overlap where they do not depend on each other: the manifests load while the
    /// connection is made, the state file is read, and the accounts the state names are read (their
    /// lists need no manifest); what depends on the manifests (accounts only they name, the
    /// templates they use) follows. Failures are still reported in the order of the stages (the
    /// manifests' first), so that a run is repeatable.
    public static func plan(
        _ request: PlanRequest, events: @escaping @Sendable (PlanningEvent) -> Void = { _ in }
    ) async throws(OperationError) -> PlanningSession {
        let environment = request.environment
        let loader = request.inputs.loader(environment: environment)
        // The manifests take the cooperative pool's threads for a while (each file is parsed in one
        // go): the state file is read on a thread of its own, and the reads it starts go ahead of
        // the manifests. (The manifests at a lower priority than the rest ran on more threads at
        // once on Linux, with more files' nodes alive: 40 MB more at 10,000 workflows.)
        let loading = Task { try await loader.load(request.paths) }
        let defaultAccount = Result { () throws(ConnectionError) in try DefaultAccount.resolve(request.account, environment: environment) }
        let connecting = Task {
            let connection = try await request.connection.connect(environment: environment)
            if let refusal = request.admit?(connection) {
                await connection.close()
                throw ConnectionError(refusal)
            }
            return connection
        }
        let statePath = request.statePath
        let holder = LockHolder.current(command: request.command)
        // The accounts the state records are read at once, with the templates their workflows use
        // (the manifests may name more accounts and templates): from the list the state file
        // starts with, while the rest of it is parsed, and from its records once they are.
        let early = StartedReads()
        @Sendable func startReads(_ accounts: [String?]) {
            guard case .success(let defaultAccount) = defaultAccount else { return }
            for account in accounts {
                guard let id = LiveReads.accountID(account, defaultAccount: defaultAccount) else { continue }
                early.start(account) {
                    let client = try await connecting.value.client
                    let lists = try await LiveState.readLists(account: id, client: client)
                    // Best effort: a template only an unmanaged workflow uses must not fail the plan;
                    // what the manifests use is read again below, and its errors reported there.
                    return (try? await lists.detailingTemplatesInUse(client: client)) ?? lists
                }
            }
        }
        let state: Result<any StateSession, StateError>
        do throws(StateError) {
            let backend = try StateLocation.backend(
                for: statePath, environment: environment, allowInsecureHTTP: request.connection.allowInsecureHTTP
            )
            state = .success(try await backend.open(holder: holder, lockTimeout: request.lockTimeout, now: Date.init, recordedScopes: { startReads($0[CanvasPlanner.stateProvider] ?? []) }))
        } catch {
            state = .failure(error)
        }
        let connection = await connecting.result
        // The accounts the records name (a pass over every record, so made once).
        let recordedAccounts = (try? state.get())?.snapshot.scopes[CanvasPlanner.stateProvider] ?? []
        if case .success = connection { startReads(recordedAccounts) }
        let lists = early.all
        let loaded = await loading.result

        // Reported in the order of the stages; everything opened is closed on the way out.
        func abandon(_ error: OperationError) async -> OperationError {
            for read in lists.values { read.cancel() }
            for read in lists.values { _ = await read.result }
            if case .success(let state) = state { await state.close() }
            if case .success(let connected) = connection { await connected.close() }
            return error
        }
        let set: ManifestSet
        switch loaded {
        case .success(let value): set = value
        case .failure(let error as ManifestErrors): throw await abandon(.diagnostics(error.diagnostics))
        case .failure(let error): throw await abandon(.failed("\(error)"))
        }
        events(.manifestsLoaded(workflows: set.workflows.count))
        let account: CanvasID?
        switch defaultAccount {
        case .success(let value): account = value
        case .failure(let error): throw await abandon(.failed(error.message))
        }
        var connected: Connection
        switch connection {
        case .success(let value): connected = value
        case .failure(let error as ConnectionError): throw await abandon(.failed(error.message))
        case .failure(let error): throw await abandon(.failed("\(error)"))
        }
        if let warning = connected.warning { events(.warning(warning)) }
        // What a server answers may echo a request: the manifests' secrets never come out of it.
        connected = connected.screening(set.secrets)
        let opened: any StateSession
        switch state {
        case .success(let value): opened = value
        case .failure(let error): throw await abandon(.failed("\(error)"))
        }

        // The accounts to read are those of the manifests and those of the resources the state
        // records (an account whose resources all left the manifests still has resources to delete).
        var accounts = set.accounts
        for recorded in recordedAccounts where !accounts.contains(recorded) {
            accounts.append(recorded)
        }
        // A read the state file's list started for an account it no longer has.
        for (account, read) in lists where !accounts.contains(account) { read.cancel() }
        let live: [String?: LiveState]
        do throws(OperationError) {
            live = try await LiveReads.liveState(of: set, accounts: accounts, lists: lists, client: connected.client, defaultAccount: account)
        } catch {
            throw await abandon(error)
        }
        events(.accountsRead(accounts))

        let desired: DesiredState
        do throws(ManifestErrors) {
            desired = try DesiredStateResolver.resolve(set, live: live)
        } catch {
            throw await abandon(.diagnostics(error.diagnostics))
        }

        var plan: Plan
        do throws(ManifestErrors) {
            plan = try CanvasPlanner(fingerprinter: connected.fingerprinter).plan(desired: desired, live: live, state: opened.snapshot)
        } catch {
            throw await abandon(.diagnostics(error.diagnostics))
        }
        do throws(PlanTargeting.UnknownTarget) {
            plan = try PlanTargeting(targets: request.targets).narrow(plan) { target, known in
                Suggestion.closest(to: target.description, among: known.map(\.description)).flatMap(ResourceAddress.init)
            }
        } catch {
            throw await abandon(.failed(error.description))
        }
        // The records' scopes are gathered only for a plan that deletes: most plans do not, and a
        // no-change plan at 10,000 workflows should not pass over every record again.
        var destroyFindings: [DestroyGuard.Finding] = []
        if plan.changes.contains(where: { $0.action == .delete }) {
            var managed: [ResourceAddress: String?] = [:]
            for record in opened.snapshot.records.values where record.provider == CanvasPlanner.stateProvider {
                if let address = ResourceAddress(record.address) { managed[address] = record.scope }
            }
            destroyFindings = DestroyGuard(maxDestroy: request.maxDestroy).findings(of: plan, managed: managed)
        }
        return PlanningSession(
            request: request, set: set, connection: connected, live: live, desired: desired, defaultAccount: account, state: opened, plan: plan,
            destroyFindings: destroyFindings
        )
    }
}
