/// Narrows a plan to some of its resources (`--target`): those resources, what they depend on, and
/// for a delete or a replace, what depends on them.
///
/// Planning is always of the whole set, so that matching, ordering and leftovers are the same as
/// in a full plan; targeting only chooses which of its changes stay. What a kept change needs stays
/// with it, so the partial plan can be applied on its own:
/// - a created, updated or replaced resource's dependencies that are created, updated or replaced
///   too (a workflow's new application is created first); a delete takes nothing with it;
/// - the operations on a kept resource (a workflow's deploy);
/// - for a resource that goes (delete, or a replace's old instance), whatever uses it, since that
///   must stop using it or go first;
/// - the old instance a replace of a target left in the state (`workflow.x~1a2b3c4d`).
/// The other changes are left out and counted (``Plan/omittedChanges``), so a partial plan says
/// so; unchanged resources stay, since they take no step and what changes may refer to them.
public struct PlanTargeting: Sendable {
    /// A target that names nothing the manifests declare or the state records.
    public struct UnknownTarget: Error, Sendable, Hashable, CustomStringConvertible {
        public var address: ResourceAddress
        /// A known address close to it, if any.
        public var suggestion: ResourceAddress?

        public init(address: ResourceAddress, suggestion: ResourceAddress? = nil) {
            self.address = address
            self.suggestion = suggestion
        }

        public var description: String {
            "--target \(address) names no resource of the manifests or the state"
                + (suggestion.map { "; did you mean \($0)?" } ?? "")
        }
    }

    public var targets: [ResourceAddress]

    public init(targets: [ResourceAddress]) {
        self.targets = targets
    }

    /// `plan` narrowed to the targets (unchanged when there are none).
    public func narrow(_ plan: Plan, suggest: (ResourceAddress, [ResourceAddress]) -> ResourceAddress? = { _, _ in nil }) throws(UnknownTarget) -> Plan {
        guard !targets.isEmpty else { return plan }
        var byAddress: [ResourceAddress: Change] = [:]
        var operations: [ResourceAddress: [ResourceAddress]] = [:]
        var superseded: [ResourceAddress: [ResourceAddress]] = [:]
        var dependents: [ResourceAddress: [ResourceAddress]] = [:]
        for change in plan.changes {
            byAddress[change.address] = change
            if let target = change.target { operations[target, default: []].append(change.address) }
            if let replaced = change.address.replaced { superseded[replaced, default: []].append(change.address) }
            for dependency in change.dependencies { dependents[dependency, default: []].append(change.address) }
        }
        let forgotten = Set(plan.forgotten.map(\.address))
        // An operation (a deploy) or a replace's leftover is reached through its resource only.
        func isResource(_ address: ResourceAddress) -> Bool {
            address.replaced == nil && (forgotten.contains(address) || byAddress[address].map { $0.target == nil } == true)
        }
        for target in targets where !isResource(target) {
            let known = (Array(byAddress.keys) + Array(forgotten)).filter(isResource)
            throw UnknownTarget(address: target, suggestion: suggest(target, known.sorted()))
        }

        var kept = Set<ResourceAddress>()
        var queue = targets
        while let address = queue.popLast() {
            guard kept.insert(address).inserted, let change = byAddress[address] else { continue }
            queue += operations[address] ?? []
            queue += superseded[address] ?? []
            // What a resource that stays needs must exist first; a delete needs nothing, and
            // what a deleted resource used is not deleted with it.
            if change.action != .delete {
                for dependency in change.dependencies {
                    guard let action = byAddress[dependency]?.action, action != .noop, action != .delete else { continue }
                    queue.append(dependency)
                }
            }
            let goes = change.action == .delete || change.action == .replace || address.replaced != nil
            if goes {
                queue += (dependents[address] ?? []).filter { byAddress[$0]?.action != .noop }
            }
        }
        var narrowed = plan
        // Unchanged resources stay: they take no step, and what changes may refer to their ids.
        narrowed.changes = plan.changes.filter { kept.contains($0.address) || $0.action == .noop }
        narrowed.forgotten = plan.forgotten.filter { kept.contains($0.address) }
        narrowed.unmanaged = []
        narrowed.targets = targets.sorted()
        narrowed.omittedChanges = plan.changes.count { $0.action != .noop && !kept.contains($0.address) }
            + plan.forgotten.count { !kept.contains($0.address) }
        return narrowed
    }
}
