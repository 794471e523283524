/// What a provider supplies so that the engine can carry out a plan: each step through its API,
/// answering what the state must record of it, and the record that keeps an instance a replace
/// supersedes. What the state holds around each step is the engine's (``ApplyEngine``,
/// ``StepBookkeeping``); a provider makes the calls and describes the records.
public protocol ApplyingProvider: Sendable {
    /// A state record.
    associatedtype Record: Sendable

    /// Carries out `step` of `change` and answers the records it leaves: the resource's, after a
    /// create or a change (and a follow-up's update of it); none after a delete, whose record the
    /// engine removes.
    func perform(_ step: PlanGraph.Step, _ change: Change) async throws -> [Record]
    /// The record that keeps the live instance `id`, which a replace of `address` is about to
    /// supersede, at `keptAt` until the replace deletes it.
    func superseded(_ address: ResourceAddress, id: String, keptAt: ResourceAddress) -> Record
    /// The key the state keeps the record of `address` under.
    func recordKey(of address: ResourceAddress) -> String
}
