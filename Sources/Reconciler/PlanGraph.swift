/// The order in which a plan's changes may run: a graph of steps and the steps each waits for.
///
/// A create, update or delete is one step; a replace is two — the new instance first, the old one
/// deleted last — so that what uses the resource can move over in between. For a resource A that
/// uses B:
/// - B's create/update runs before A's;
/// - A's create/update runs before B's delete (A stops using B before B goes);
/// - A's delete runs before B's delete.
/// No-op changes take no step. The graph is checked for cycles when it is built.
public struct PlanGraph: Sendable {
    /// One unit of work.
    public struct Step: Sendable, Hashable, Comparable, CustomStringConvertible {
        public enum Phase: String, Sendable, Hashable, Comparable {
            /// Create, update, or the create half of a replace.
            case apply
            /// Delete, or the delete half of a replace.
            case destroy

            public static func < (lhs: Phase, rhs: Phase) -> Bool { lhs == .apply && rhs == .destroy }
        }

        public var address: ResourceAddress
        public var phase: Phase

        public init(_ address: ResourceAddress, _ phase: Phase) {
            self.address = address
            self.phase = phase
        }

        public var description: String { phase == .apply ? "\(address)" : "\(address) (delete)" }

        public static func < (lhs: Step, rhs: Step) -> Bool { (lhs.address, lhs.phase) < (rhs.address, rhs.phase) }
    }

    /// A cycle of dependencies, which no order can satisfy.
    public struct CycleError: Error, Sendable, Hashable, CustomStringConvertible {
        public var cycle: [Step]
        public var description: String {
            "the changes depend on each other in a cycle: " + (cycle + cycle.prefix(1)).map(\.description).joined(separator: " → ")
        }
    }

    public let changes: [ResourceAddress: Change]
    /// Each step and the steps it waits for.
    public let prerequisites: [Step: Set<Step>]

    public var steps: [Step] { prerequisites.keys.sorted() }

    public init(changes: [Change]) throws(CycleError) {
        var byAddress: [ResourceAddress: Change] = [:]
        for change in changes { byAddress[change.address] = change }
        self.changes = byAddress

        func steps(of address: ResourceAddress) -> (apply: Step?, destroy: Step?) {
            switch byAddress[address]?.action {
            case .create?, .update?: (Step(address, .apply), nil)
            case .replace?: (Step(address, .apply), Step(address, .destroy))
            case .delete?: (nil, Step(address, .destroy))
            case .noop?, nil: (nil, nil)
            }
        }

        var prerequisites: [Step: Set<Step>] = [:]
        for change in changes {
            let own = steps(of: change.address)
            if let apply = own.apply { prerequisites[apply, default: []].formUnion([]) }
            if let destroy = own.destroy { prerequisites[destroy, default: []].formUnion(own.apply.map { [$0] } ?? []) }
            for dependency in change.dependencies {
                let theirs = steps(of: dependency)
                if let apply = own.apply, let theirApply = theirs.apply { prerequisites[apply, default: []].insert(theirApply) }
                if let apply = own.apply, let theirDestroy = theirs.destroy { prerequisites[theirDestroy, default: []].insert(apply) }
                if let destroy = own.destroy, let theirDestroy = theirs.destroy { prerequisites[theirDestroy, default: []].insert(destroy) }
            }
        }
        self.prerequisites = prerequisites
        if let cycle = Self.findCycle(prerequisites) { throw CycleError(cycle: cycle) }
    }

    /// The most steps of one ``Change/group`` (for Canvas, one account) that wait for none of each
    /// other: those at the same depth (as many steps before them on their longest chain of
    /// prerequisites). More of them than a per-group bound lets run at once means the bound, not
    /// the parallelism, decides how many of the group's steps run side by side.
    public var widestGroup: Int {
        var depths: [Step: Int] = [:]
        func depth(_ step: Step) -> Int {
            if let known = depths[step] { return known }
            let found = 1 + ((prerequisites[step] ?? []).map(depth).max() ?? 0)
            depths[step] = found
            return found
        }
        var counts: [GroupDepth: Int] = [:]
        for step in prerequisites.keys {
            counts[GroupDepth(group: changes[step.address]?.group, depth: depth(step)), default: 0] += 1
        }
        return counts.values.max() ?? 0
    }

    private struct GroupDepth: Hashable {
        var group: String?
        var depth: Int
    }

    /// One order in which every step comes after all it waits for (steps sorted where free).
    public var order: [Step] {
        var remaining = prerequisites
        var done = Set<Step>()
        var order: [Step] = []
        while !remaining.isEmpty {
            let ready = remaining.filter { $0.value.isSubset(of: done) }.keys.sorted()
            for step in ready {
                remaining[step] = nil
                done.insert(step)
                order.append(step)
            }
        }
        return order
    }

    private static func findCycle(_ prerequisites: [Step: Set<Step>]) -> [Step]? {
        enum Mark { case visiting, done }
        var marks: [Step: Mark] = [:]
        var path: [Step] = []
        func visit(_ step: Step) -> [Step]? {
            switch marks[step] {
            case .done?: return nil
            case .visiting?:
                return Array(path[path.firstIndex(of: step)!...])
            case nil:
                marks[step] = .visiting
                path.append(step)
                for next in (prerequisites[step] ?? []).sorted() {
                    if let cycle = visit(next) { return cycle }
                }
                path.removeLast()
                marks[step] = .done
                return nil
            }
        }
        for step in prerequisites.keys.sorted() {
            if let cycle = visit(step) { return cycle }
        }
        return nil
    }
}
