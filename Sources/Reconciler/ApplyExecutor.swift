import Synchronization

/// Carries out a plan graph: every step as soon as all it waits for has succeeded, up to
/// `parallelism` at a time. A step that fails stops only the steps that wait for it, directly or
/// not; everything else goes on.
///
/// It does no I/O itself: `perform` does the work (API calls, recording state) and `events` hears
/// each step start and end, so the same executor serves any provider and tests drive it directly.
///
/// `parallelism` workers take steps from one ready queue (`StepQueue`):
/// a worker that finishes a step records it and takes the next ready one itself, so a step costs no
/// new task and no hop through a coordinating loop (at 700 steps a second those hand-offs were a
/// tenth of an apply's time over its network bound). Events are reported under the queue's lock,
/// so they arrive in an order that respects the graph: a step's `started` never precedes the
/// `succeeded` of a step it waits for.
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
        /// Not started because a stop was requested (``ApplyExecutor/run(_:stopRequested:perform:events:)``).
        public var notStarted: [PlanGraph.Step] = []

        public var isSuccess: Bool { failed.isEmpty && skipped.isEmpty && notStarted.isEmpty }
    }

    public var parallelism: Int
    /// At most this many steps of one ``Change/group`` (for Canvas, one account) at a time; nil for
    /// no limit. A step whose group is full waits while steps of other groups go ahead, so the
    /// workers stay busy: a provider that bounds its calls per group (as the Canvas client bounds
    /// them per account) would otherwise hold a worker idle behind its bound.
    public var groupLimit: Int?
    /// The group's current limit, for a provider whose bound adapts (the Canvas client lowers an
    /// account's bound while the server answers 429): asked, with a ready step's change, each time
    /// the step could start, and never above ``groupLimit``. Called under the executor's lock: it
    /// must be quick and must not call back.
    public var currentGroupLimit: (@Sendable (Change) -> Int)?

    public init(parallelism: Int = 8, groupLimit: Int? = nil, currentGroupLimit: (@Sendable (Change) -> Int)? = nil) {
        self.parallelism = max(1, parallelism)
        self.groupLimit = groupLimit.map { max(1, $0) }
        self.currentGroupLimit = currentGroupLimit
    }

    /// Runs the graph. Once `stopRequested` answers true (it is asked before each step starts), no
    /// further step starts but those that finish a replace under way (its second half and what
    /// that waits for: stopped between its halves, a replace would leave the old instance behind);
    /// the steps in flight finish and are reported, the rest are `notStarted`. `events` and
    /// `stopRequested` are called under the executor's lock: they must not block or call back.
    public func run(
        _ graph: PlanGraph,
        stopRequested: @escaping @Sendable () -> Bool = { false },
        perform: @escaping @Sendable (PlanGraph.Step, Change) async throws -> Void,
        events: @escaping @Sendable (Event) -> Void = { _ in }
    ) async -> Report {
        let queue = StepQueue(
            graph: graph, groupLimit: groupLimit, currentGroupLimit: currentGroupLimit, stopRequested: stopRequested, events: events
        )
        let clock = ContinuousClock()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<min(parallelism, max(1, graph.prerequisites.count)) {
                group.addTask {
                    var assignment = await queue.next(after: nil)
                    while let (step, change) = assignment {
                        let started = clock.now
                        var failure: String?
                        do {
                            try await perform(step, change)
                        } catch {
                            failure = String(describing: error)
                        }
                        assignment = await queue.next(after: StepQueue.Outcome(step: step, failure: failure, elapsed: clock.now - started))
                    }
                }
            }
        }
        var report = queue.report
        let ended = Set(report.succeeded).union(report.failed.keys).union(report.skipped.keys)
        report.notStarted = graph.steps.filter { !ended.contains($0) }
        return report
    }
}
