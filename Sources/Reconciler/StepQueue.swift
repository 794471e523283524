import Synchronization

/// The shared bookkeeping of ``ApplyExecutor``'s workers: which steps are ready, how many of its
/// prerequisites each step still waits for, and the report so far, all under one lock.
///
/// A worker calls ``next(after:)`` with the outcome of the step it just ran and gets the next step
/// to run, or nil when nothing is left. When nothing is ready but steps are still running (whose
/// success may make more ready), the worker is parked and handed a step directly when one becomes
/// ready.
final class StepQueue: Sendable {
    /// How a step ended.
    struct Outcome: Sendable {
        var step: PlanGraph.Step
        /// The error's description, nil on success.
        var failure: String?
        var elapsed: Duration
    }

    typealias Assignment = (PlanGraph.Step, Change)

    private struct State: ~Copyable {
        var waitingOn: [PlanGraph.Step: Int]
        var dependents: [PlanGraph.Step: [PlanGraph.Step]]
        /// Steps are taken from `nextReady` on; the taken prefix is dropped now and then, since
        /// removing the first element each time would make a large plan quadratic.
        var ready: [PlanGraph.Step]
        var nextReady = 0
        var running = 0
        var parked: [CheckedContinuation<Assignment?, Never>] = []
        var report = ApplyExecutor.Report()
    }

    private let changes: [ResourceAddress: Change]
    private let events: @Sendable (ApplyExecutor.Event) -> Void
    private let state: Mutex<State>

    init(graph: PlanGraph, events: @escaping @Sendable (ApplyExecutor.Event) -> Void) {
        var dependents: [PlanGraph.Step: [PlanGraph.Step]] = [:]
        for (step, prerequisites) in graph.prerequisites {
            for prerequisite in prerequisites { dependents[prerequisite, default: []].append(step) }
        }
        let waitingOn = graph.prerequisites.mapValues(\.count)
        let ready = waitingOn.filter { $0.value == 0 }.keys.sorted()
        self.changes = graph.changes
        self.events = events
        self.state = Mutex(State(waitingOn: waitingOn, dependents: dependents, ready: ready))
    }

    var report: ApplyExecutor.Report { state.withLock { $0.report } }

    /// Records `outcome` (if any) and answers the caller's next step: at once when one is ready,
    /// after parking when others are still running, nil when the plan is done.
    func next(after outcome: Outcome?) async -> Assignment? {
        await withCheckedContinuation { (continuation: CheckedContinuation<Assignment?, Never>) in
            let wakeups: [(CheckedContinuation<Assignment?, Never>, Assignment?)] = state.withLock { state in
                if let outcome { record(outcome, in: &state) }
                var wakeups: [(CheckedContinuation<Assignment?, Never>, Assignment?)] = []
                // The caller first: running the next step on the thread that is already awake
                // saves waking a parked worker.
                var waiting = [continuation] + state.parked
                state.parked = []
                while !waiting.isEmpty, let assignment = take(from: &state) {
                    wakeups.append((waiting.removeFirst(), assignment))
                }
                if state.running == 0 {
                    // Nothing ready and nothing running: the plan is done for everyone.
                    wakeups += waiting.map { ($0, nil) }
                } else {
                    state.parked = waiting
                }
                return wakeups
            }
            for (waiter, assignment) in wakeups { waiter.resume(returning: assignment) }
        }
    }

    private func take(from state: inout State) -> Assignment? {
        while state.nextReady < state.ready.count {
            let step = state.ready[state.nextReady]
            state.nextReady += 1
            if state.nextReady > 4096, state.nextReady * 2 > state.ready.count {
                state.ready.removeFirst(state.nextReady)
                state.nextReady = 0
            }
            guard let change = changes[step.address] else { continue }
            state.running += 1
            events(.started(step))
            return (step, change)
        }
        return nil
    }

    private func record(_ outcome: Outcome, in state: inout State) {
        let step = outcome.step
        state.running -= 1
        if let failure = outcome.failure {
            state.report.failed[step] = failure
            events(.failed(step, message: failure, elapsed: outcome.elapsed))
            // Everything that waits for this step, directly or not, will not run.
            var blocked = state.dependents[step] ?? []
            while let blockedStep = blocked.popLast() {
                guard state.report.skipped[blockedStep] == nil, state.waitingOn[blockedStep] != nil else { continue }
                state.report.skipped[blockedStep] = step
                state.waitingOn[blockedStep] = nil
                events(.skipped(blockedStep, because: step))
                blocked += state.dependents[blockedStep] ?? []
            }
        } else {
            state.report.succeeded.append(step)
            events(.succeeded(step, elapsed: outcome.elapsed))
            for dependent in (state.dependents[step] ?? []).sorted() {
                guard let count = state.waitingOn[dependent] else { continue }
                state.waitingOn[dependent] = count - 1
                if count == 1 { state.ready.append(dependent) }
            }
        }
        state.waitingOn[step] = nil
    }
}
