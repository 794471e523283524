import CanvasAPI
import CanvasProvider
import Reconciler
import StateStore

extension Operations {
    /// Carries out a planned session's plan through the API, recording every change in the state
    /// as it is made, then records the credentials of exported applications, removes the records
    /// the plan forgets, commits and closes the state. A plan without changes only finishes the
    /// state (neither sends anything to Canvas).
    ///
    /// Changes run as soon as what they depend on is done, up to `parallelism` at a time, those of
    /// one account within the client's bound for the account. A change that fails stops only the
    /// changes that depend on it. `stopRequested` (an interrupt) stops the run as a state that can
    /// record nothing more does: what is under way finishes and is recorded, nothing new starts.
    ///
    /// Asking for confirmation is the caller's: this carries out what it is given. It throws only
    /// when the plan cannot be ordered (nothing is sent then); the steps' failures are in the report.
    /// The caller still calls ``PlanningSession/close()`` afterwards.
    public static func apply(
        _ session: PlanningSession, parallelism: Int = 8, stopRequested: @escaping @Sendable () -> Bool = { false },
        events: @escaping @Sendable (ApplyEvent) -> Void = { _ in }
    ) async throws(OperationError) -> ApplyReport {
        let plan = session.plan
        let applier = CanvasApplier(
            client: session.connection.client, desired: session.desired, live: session.live, plan: plan,
            state: session.state, fingerprinter: session.connection.fingerprinter, defaultAccount: session.defaultAccount
        )
        guard plan.summary.hasChanges else {
            var report = ApplyReport(execution: nil, changes: [:])
            await finishState(applier, session: session, into: &report, events: events)
            return report
        }

        let graph: PlanGraph
        do throws(PlanGraph.CycleError) {
            graph = try PlanGraph(changes: plan.changes)
        } catch {
            throw .failed(error.description)
        }
        events(.started(steps: graph.steps.count, changes: graph.changes))
        // The executor holds no more changes of one account than the client lets it send: the
        // configured maximum, or the account's lowered limit while Canvas answers 429, so that
        // workers go on with other accounts' changes meanwhile. Each change's account is looked up
        // once, here: the executor asks under its lock.
        let client = session.connection.client
        let accounts = graph.changes.mapValues { applier.account(of: $0) }
        let executor = ApplyExecutor(
            parallelism: parallelism, groupLimit: client.configuration.maxConcurrentRequestsPerAccount,
            currentGroupLimit: { change in client.currentLimit(account: accounts[change.address] ?? nil) }
        )
        let state = session.state
        let engine = ApplyEngine(applier, record: { try await state.record($0) }, remove: { try await state.remove(key: $0) })
        let execution = await executor.run(
            graph,
            // A state that can record nothing more (a PostgreSQL state's connection lost) stops the
            // run as an interrupt does: what is under way finishes, nothing new starts.
            stopRequested: { [state = session.state] in stopRequested() || state.failure != nil },
            perform: { step, change in try await engine.perform(step, change) },
            events: { event in events(.step(event)) }
        )
        events(.stepsFinished)

        var report = ApplyReport(execution: execution, changes: graph.changes)
        await finishState(applier, session: session, into: &report, events: events)
        if let failure = session.state.failure {
            report.stateErrors.append("\(failure)")
        }
        return report
    }

    /// Records the credentials of applications `export` adopted, removes the records the plan
    /// forgets (resources deleted outside canvasctl and gone from the manifests), then commits and
    /// closes the state; a failure to write the state goes into the report.
    private static func finishState(
        _ applier: CanvasApplier, session: PlanningSession, into report: inout ApplyReport, events: @Sendable (ApplyEvent) -> Void
    ) async {
        do {
            let recorded = try await applier.recordAdoptedCredentials()
            report.recordedCredentials = recorded
            report.recordedDigests = try await applier.recordMissingDigests(unchangedIn: session.plan)
            if recorded > 0 { events(.recordedCredentials(recorded)) }
            let forgotten = session.plan.forgotten.map(\.address)
            for address in forgotten {
                try await session.state.remove(key: StateRecord.key(provider: CanvasPlanner.stateProvider, address: address.description))
            }
            report.forgotten = forgotten
            if !forgotten.isEmpty { events(.forgot(forgotten)) }
            try await session.state.commit()
        } catch {
            report.stateErrors.append("\(error)")
        }
        await session.state.close()
    }
}
