public import Reconciler

/// The line a plan ends with when the per-account limit (`--max-per-account`), not
/// `--parallelism`, bounds how many of its changes run at once: some account has more changes
/// that could run side by side than the limit lets it, and the parallelism would have allowed
/// more. Without it, a person tuning `--parallelism` would not see why raising it does not help.
public enum AccountLimitNote {
    /// The note for `plan` applied at `parallelism` with at most `maxPerAccount` requests of one
    /// account in flight; nil when the limit does not bind.
    public static func line(for plan: Plan, maxPerAccount: Int, parallelism: Int) -> String? {
        guard parallelism > maxPerAccount, plan.summary.hasChanges else { return nil }
        // Cheap first: no account can have more changes at once than it has changes.
        var changesPerGroup: [String?: Int] = [:]
        for change in plan.changes where change.action != .noop { changesPerGroup[change.group, default: 0] += 1 }
        guard changesPerGroup.values.contains(where: { $0 > maxPerAccount }) else { return nil }
        guard let graph = try? PlanGraph(changes: plan.changes), graph.widestGroup > maxPerAccount else { return nil }
        return "At most \(maxPerAccount) change\(maxPerAccount == 1 ? "" : "s") at a time per account (--max-per-account)."
    }
}
