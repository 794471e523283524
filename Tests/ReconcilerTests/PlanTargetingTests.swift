import Reconciler
import Testing

/// `--target`: which changes of a whole plan a partial plan keeps.
struct PlanTargetingTests {
    static func address(_ text: String) -> ResourceAddress { ResourceAddress(text)! }

    /// Two applications; workflow a uses app1, workflow b uses app1 and app2; a deploy of each
    /// workflow; a schedule of a.
    static func plan(
        app1: Change.Action = .noop, app2: Change.Action = .noop, a: Change.Action = .noop, b: Change.Action = .noop,
        schedule: Change.Action = .noop, forgotten: [Plan.Forgotten] = []
    ) -> Plan {
        var changes = [
            Change(address: address("application.app1"), action: app1),
            Change(address: address("application.app2"), action: app2),
            Change(address: address("workflow.a"), action: a, dependencies: [address("application.app1")]),
            Change(address: address("workflow.b"), action: b, dependencies: [address("application.app1"), address("application.app2")]),
            Change(address: address("schedule.a"), action: schedule, dependencies: [address("workflow.a")]),
        ]
        for (workflow, action) in [("a", a), ("b", b)] where action == .create || action == .update {
            changes.append(Change(address: address("deploy.\(workflow)"), action: .create, dependencies: [address("workflow.\(workflow)")], target: address("workflow.\(workflow)")))
        }
        return Plan(changes: changes, forgotten: forgotten)
    }

    static func kept(_ plan: Plan) -> [String] {
        plan.changes.filter { $0.action != .noop }.map { "\($0.action.rawValue) \($0.address)" }
    }

    @Test("no targets: the plan as it is")
    func none() throws {
        let plan = Self.plan(a: .update, b: .update)
        #expect(try PlanTargeting(targets: []).narrow(plan) == plan)
    }

    @Test("a target keeps its changed dependencies and its deploy, and leaves the rest out, counted")
    func dependencies() throws {
        let plan = Self.plan(app1: .update, app2: .update, a: .update, b: .update, schedule: .update)
        let narrowed = try PlanTargeting(targets: [Self.address("workflow.a")]).narrow(plan)
        #expect(Self.kept(narrowed) == ["update application.app1", "create deploy.a", "update workflow.a"])
        #expect(narrowed.isPartial)
        #expect(narrowed.targets == [Self.address("workflow.a")])
        #expect(narrowed.omittedChanges == 4, "app2, b, its deploy and the schedule")
        #expect(narrowed.unmanaged.isEmpty)
    }

    @Test("an unchanged dependency is not kept; the target itself is, even unchanged")
    func unchanged() throws {
        let narrowed = try PlanTargeting(targets: [Self.address("schedule.a")]).narrow(Self.plan(b: .update, schedule: .update))
        #expect(Self.kept(narrowed) == ["update schedule.a"])
        let quiet = try PlanTargeting(targets: [Self.address("workflow.a")]).narrow(Self.plan(b: .update))
        #expect(Self.kept(quiet).isEmpty)
        #expect(quiet.changes.count == 4, "unchanged resources stay: what changes may refer to them")
        #expect(!quiet.summary.hasChanges)
        #expect(quiet.omittedChanges == 2)
    }

    @Test("a deleted target takes what depends on it, and not what it used")
    func delete() throws {
        let plan = Self.plan(app1: .delete, app2: .delete, a: .delete, b: .delete, schedule: .delete)
        let narrowed = try PlanTargeting(targets: [Self.address("workflow.a")]).narrow(plan)
        #expect(Self.kept(narrowed) == ["delete schedule.a", "delete workflow.a"])
        let app = try PlanTargeting(targets: [Self.address("application.app1")]).narrow(plan)
        #expect(Self.kept(app) == ["delete application.app1", "delete schedule.a", "delete workflow.a", "delete workflow.b"])
    }

    @Test("a replaced target takes the changes that move over to the new instance, and its old instance's leftover")
    func replace() throws {
        var plan = Self.plan(app1: .replace, a: .update, b: .update)
        plan.changes.append(Change(address: Self.address("application.app2~1a2b3c4d"), action: .delete))
        plan.changes.append(Change(address: Self.address("application.app1~5e6f7a8b"), action: .delete))
        let narrowed = try PlanTargeting(targets: [Self.address("application.app1")]).narrow(plan)
        #expect(Self.kept(narrowed) == [
            "replace application.app1", "create deploy.a", "create deploy.b", "update workflow.a", "update workflow.b", "delete application.app1~5e6f7a8b",
        ])
    }

    @Test("a forgotten record can be a target; an unknown address is refused with the closest known one")
    func unknown() throws {
        let forgotten = Plan.Forgotten(address: Self.address("workflow.gone"), id: "1")
        let plan = Self.plan(a: .update, forgotten: [forgotten])
        let narrowed = try PlanTargeting(targets: [Self.address("workflow.gone")]).narrow(plan)
        #expect(narrowed.forgotten == [forgotten])
        #expect(!narrowed.summary.hasChanges)
        #expect(throws: PlanTargeting.UnknownTarget(address: Self.address("workflow.c"), suggestion: Self.address("workflow.a"))) {
            try PlanTargeting(targets: [Self.address("workflow.c")]).narrow(plan) { _, known in
                known.contains(Self.address("workflow.a")) ? Self.address("workflow.a") : nil
            }
        }
        #expect(throws: PlanTargeting.UnknownTarget.self) {
            try PlanTargeting(targets: [Self.address("deploy.a")]).narrow(plan)
        }
    }
}
