/// What the state must hold around each step of an apply, whatever the provider: the rules that
/// make a run killed at any point safe to run again.
///
/// - Before the first half of a replace creates the new instance, the instance it replaces is
///   recorded under ``ResourceAddress/superseded(byReplaceOf:)``: should its deletion (the second
///   half) fail or never run, the next plan finds that record, and deletes the instance, where it
///   would otherwise be left behind with no record of it.
/// - After a delete, the record of what was deleted goes: the resource's own, or for the second
///   half of a replace, the superseded one.
public enum StepBookkeeping {
    /// Where the instance a step is about to replace must be recorded before the step runs: the
    /// address it is recorded at now and the one to keep it at, with its id. Nil for any step that
    /// is not the first half of a replace.
    public static func superseding(_ step: PlanGraph.Step, _ change: Change) -> (from: ResourceAddress, to: ResourceAddress, id: String)? {
        guard step.phase == .apply, change.action == .replace, let old = change.id else { return nil }
        return (change.address, change.address.superseded(byReplaceOf: old), old)
    }

    /// The record to remove once `step` has succeeded; nil when the step removes none.
    public static func recordToRemove(after step: PlanGraph.Step, _ change: Change) -> ResourceAddress? {
        guard step.phase == .destroy else { return nil }
        switch change.action {
        case .delete: return change.address
        case .replace: return change.id.map { change.address.superseded(byReplaceOf: $0) }
        case .create, .update, .noop: return nil
        }
    }
}
