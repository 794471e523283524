/// Carries out a plan graph: every step as soon as all it waits for has succeeded, up to
/// `parallelism` at a time. A step that fails stops only the steps that wait for it, directly or
/// not; everything else goes on.
///
/// It does no I/O itself: `perform` does the work (API calls, recording state) and `events` hears
/// each step start and end, so the same executor serves any provider and tests drive it directly.
public struct ApplyExecutor: Sendable {
    public enum Event: Sendable, Hashable {
        case started(PlanGraph.Step)
        case succeeded(PlanGraph.Step, elapsed: Duration)
        case failed(PlanGraph.Step, message: String, elapsed: Duration)
        /// Not run, because a step it waits for failed.
        case skipped(PlanGraph.Step, because: PlanGraph.Step)
    }

    /// What happened to every step.
    public struct Report: Sendable, Hashable {
        public var succeeded: [PlanGraph.Step] = []
        public var failed: [PlanGraph.Step: String] = [:]
        public var skipped: [PlanGraph.Step: PlanGraph.Step] = [:]

        public var isSuccess: Bool { failed.isEmpty && skipped.isEmpty }
    }

    public var parallelism: Int

    public init(parallelism: Int = 8) {
        self.parallelism = max(1, parallelism)
    }

    public func run(
        _ graph: PlanGraph,
        perform: @escaping @Sendable (PlanGraph.Step, Change) async throws -> Void,
        events: @escaping @Sendable (Event) -> Void = { _ in }
    ) async -> Report {
        var waitingOn = graph.prerequisites.mapValues(\.count)
        var dependents: [PlanGraph.Step: [PlanGraph.Step]] = [:]
        for (step, prerequisites) in graph.prerequisites {
            for prerequisite in prerequisites { dependents[prerequisite, default: []].append(step) }
        }
        // A queue: steps are taken from `next` on (removeFirst would move the whole array each time,
        // which made the executor's loop quadratic in a plan of 10,000 steps).
        var ready = waitingOn.filter { $0.value == 0 }.keys.sorted()
        var next = 0
        var report = Report()
        let clock = ContinuousClock()

        await withTaskGroup(of: (PlanGraph.Step, String?, Duration).self) { group in
            var running = 0
            func startReady() {
                while running < parallelism, next < ready.count {
                    let step = ready[next]
                    next += 1
                    if next > 4096, next * 2 > ready.count {
                        ready.removeFirst(next)
                        next = 0
                    }
                    guard let change = graph.changes[step.address] else { continue }
                    running += 1
                    events(.started(step))
                    group.addTask {
                        let started = clock.now
                        do {
                            try await perform(step, change)
                            return (step, nil, clock.now - started)
                        } catch {
                            return (step, String(describing: error), clock.now - started)
                        }
                    }
                }
            }
            startReady()
            while let (step, failure, elapsed) = await group.next() {
                running -= 1
                if let failure {
                    report.failed[step] = failure
                    events(.failed(step, message: failure, elapsed: elapsed))
                    // Everything that waits for this step, directly or not, will not run.
                    var blocked = dependents[step] ?? []
                    while let blockedStep = blocked.popLast() {
                        guard report.skipped[blockedStep] == nil, waitingOn[blockedStep] != nil else { continue }
                        report.skipped[blockedStep] = step
                        waitingOn[blockedStep] = nil
                        events(.skipped(blockedStep, because: step))
                        blocked += dependents[blockedStep] ?? []
                    }
                } else {
                    report.succeeded.append(step)
                    events(.succeeded(step, elapsed: elapsed))
                    for dependent in (dependents[step] ?? []).sorted() {
                        guard let count = waitingOn[dependent] else { continue }
                        waitingOn[dependent] = count - 1
                        if count - 1 == 0 { ready.append(dependent) }
                    }
                }
                waitingOn[step] = nil
                startReady()
            }
        }
        return report
    }
}
