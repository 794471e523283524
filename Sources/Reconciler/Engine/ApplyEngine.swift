/// Carries out the steps of a plan for any provider, writing the state as ``StepBookkeeping``
/// says: the instance a replace supersedes is recorded at its own address before the new one is
/// created, what a step leaves is recorded as soon as it succeeds, and a deleted resource's record
/// is removed after the delete. So a run killed at any point is picked up by the next plan.
///
/// The state is written through `record` and `remove` (a state session's), one call at a time per
/// step; steps run in parallel (``ApplyExecutor``), so they must be safe to call concurrently.
public struct ApplyEngine<Provider: ApplyingProvider>: Sendable {
    public let provider: Provider
    let record: @Sendable (Provider.Record) async throws -> Void
    let remove: @Sendable (_ key: String) async throws -> Void

    public init(
        _ provider: Provider, record: @escaping @Sendable (Provider.Record) async throws -> Void,
        remove: @escaping @Sendable (_ key: String) async throws -> Void
    ) {
        self.provider = provider
        self.record = record
        self.remove = remove
    }

    /// One step, for ``ApplyExecutor/run(_:stopRequested:perform:events:)``.
    public func perform(_ step: PlanGraph.Step, _ change: Change) async throws {
        if let superseding = StepBookkeeping.superseding(step, change) {
            try await record(provider.superseded(superseding.from, id: superseding.id, keptAt: superseding.to))
        }
        for left in try await provider.perform(step, change) {
            try await record(left)
        }
        if let gone = StepBookkeeping.recordToRemove(after: step, change) {
            try await remove(provider.recordKey(of: gone))
        }
    }
}
