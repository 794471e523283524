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
        var ready: FIFO<PlanGraph.Step>
        /// Ready steps passed over because their group was full, by group, numbered in the order
        /// they were passed over.
        var deferred: [String?: FIFO<(order: Int, step: PlanGraph.Step)>] = [:]
        var passedOver = 0
        var runningInGroup: [String?: Int] = [:]
        var running = 0
        var started = Set<PlanGraph.Step>()
        /// Set once a stop is seen: the steps that may still start.
        var mustFinish: Set<PlanGraph.Step>?
        var parked: [CheckedContinuation<Assignment?, Never>] = []
        var report = ApplyExecutor.Report()
    }

    private let changes: [ResourceAddress: Change]
    private let prerequisites: [PlanGraph.Step: Set<PlanGraph.Step>]
    private let groupLimit: Int?
    private let currentGroupLimit: (@Sendable (Change) -> Int)?
    private let stopRequested: @Sendable () -> Bool
    private let events: @Sendable (ApplyExecutor.Event) -> Void
    private let state: Mutex<State>

    init(
        graph: PlanGraph, groupLimit: Int?, currentGroupLimit: (@Sendable (Change) -> Int)? = nil, stopRequested: @escaping @Sendable () -> Bool,
        events: @escaping @Sendable (ApplyExecutor.Event) -> Void
    ) {
        var dependents: [PlanGraph.Step: [PlanGraph.Step]] = [:]
        for (step, prerequisites) in graph.prerequisites {
            for prerequisite in prerequisites { dependents[prerequisite, default: []].append(step) }
        }
        let waitingOn = graph.prerequisites.mapValues(\.count)
        let ready = waitingOn.filter { $0.value == 0 }.keys.sorted()
        self.changes = graph.changes
        self.prerequisites = graph.prerequisites
        self.groupLimit = groupLimit
        self.currentGroupLimit = currentGroupLimit
        self.stopRequested = stopRequested
        self.events = events
        self.state = Mutex(State(waitingOn: waitingOn, dependents: dependents, ready: FIFO(ready)))
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

    /// The next step to run: the first in the order they became ready whose group has room. Steps
    /// whose group is full are set aside, by group, and taken before any later step once their
    /// group has room again. After a stop, only steps that finish a replace already under way are
    /// taken (`mustFinish`); the others are dropped and end as not started.
    private func take(from state: inout State) -> Assignment? {
        if state.mustFinish == nil, stopRequested() {
            var mustFinish = Set<PlanGraph.Step>()
            for step in state.started where step.phase == .apply {
                completeReplace(of: step, started: state.started, into: &mustFinish)
            }
            state.mustFinish = mustFinish
        }
        while let groupLimit, !state.deferred.isEmpty {
            let earliest = state.deferred
                .filter { group, steps in
                    state.runningInGroup[group, default: 0] < limit(groupLimit, for: changes[steps.first!.step.address])
                }
                .min { $0.value.first!.order < $1.value.first!.order }
            guard let (group, _) = earliest, let (_, step) = state.deferred[group]?.popFirst() else { break }
            if state.deferred[group]?.isEmpty == true { state.deferred[group] = nil }
            if state.mustFinish?.contains(step) == false { continue }
            if let change = changes[step.address] { return start(step, change, in: &state) }
        }
        while let step = state.ready.popFirst() {
            guard let change = changes[step.address] else { continue }
            if state.mustFinish?.contains(step) == false { continue }
            if let groupLimit, state.runningInGroup[change.group, default: 0] >= limit(groupLimit, for: change) {
                state.passedOver += 1
                state.deferred[change.group, default: FIFO()].append((state.passedOver, step))
                continue
            }
            return start(step, change, in: &state)
        }
        return nil
    }

    /// The current limit of `change`'s group: the provider's, within `groupLimit`.
    private func limit(_ groupLimit: Int, for change: Change?) -> Int {
        guard let currentGroupLimit, let change else { return groupLimit }
        return min(groupLimit, max(1, currentGroupLimit(change)))
    }

    private func start(_ step: PlanGraph.Step, _ change: Change, in state: inout State) -> Assignment {
        state.running += 1
        state.runningInGroup[change.group, default: 0] += 1
        state.started.insert(step)
        if state.mustFinish != nil, step.phase == .apply {
            completeReplace(of: step, started: state.started, into: &state.mustFinish!)
        }
        events(.started(step))
        return (step, change)
    }

    /// When `apply` is the first half of a replace, its second half (the delete of the old
    /// instance) and every step that one waits for and that has not started: a replace stopped
    /// between its halves would leave the old instance behind, no longer recorded in the state.
    private func completeReplace(of apply: PlanGraph.Step, started: Set<PlanGraph.Step>, into mustFinish: inout Set<PlanGraph.Step>) {
        let destroy = PlanGraph.Step(apply.address, .destroy)
        guard prerequisites[destroy] != nil else { return }
        var pending = [destroy]
        while let step = pending.popLast() {
            guard !started.contains(step), mustFinish.insert(step).inserted else { continue }
            pending += prerequisites[step] ?? []
        }
    }

    private func record(_ outcome: Outcome, in state: inout State) {
        let step = outcome.step
        state.running -= 1
        if let change = changes[step.address] { state.runningInGroup[change.group, default: 1] -= 1 }
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
