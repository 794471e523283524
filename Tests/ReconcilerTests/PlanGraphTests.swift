import Reconciler
import Testing

/// The order of a plan: what waits for what.
struct PlanGraphTests {
    static let app = ResourceAddress(kind: "application", key: "quinyx")
    static let newApp = ResourceAddress(kind: "application", key: "ftp")
    static let workflow = ResourceAddress(kind: "workflow", key: "export")
    static let schedule = ResourceAddress(kind: "schedule", key: "export")

    func position(_ step: PlanGraph.Step, in order: [PlanGraph.Step]) -> Int {
        order.firstIndex(of: step) ?? -1
    }

    @Test("creates run after what they use")
    func creates() throws {
        let graph = try PlanGraph(changes: [
            Change(address: Self.schedule, action: .create, dependencies: [Self.workflow]),
            Change(address: Self.workflow, action: .create, dependencies: [Self.app]),
            Change(address: Self.app, action: .create),
        ])
        #expect(graph.order == [PlanGraph.Step(Self.app, .apply), PlanGraph.Step(Self.workflow, .apply), PlanGraph.Step(Self.schedule, .apply)])
    }

    @Test("deletes run in the reverse order: scheduler off, then the workflow, then the application")
    func deletes() throws {
        let graph = try PlanGraph(changes: [
            Change(address: Self.app, action: .delete),
            Change(address: Self.workflow, action: .delete, dependencies: [Self.app]),
            Change(address: Self.schedule, action: .delete, dependencies: [Self.workflow]),
        ])
        #expect(graph.order == [
            PlanGraph.Step(Self.schedule, .destroy), PlanGraph.Step(Self.workflow, .destroy), PlanGraph.Step(Self.app, .destroy),
        ])
    }

    @Test("a replaced application: the new one first, the workflow repointed, the old one deleted last")
    func replace() throws {
        let graph = try PlanGraph(changes: [
            Change(address: Self.app, action: .replace),
            Change(address: Self.workflow, action: .update, dependencies: [Self.app]),
        ])
        let order = graph.order
        let newInstance = position(PlanGraph.Step(Self.app, .apply), in: order)
        let repoint = position(PlanGraph.Step(Self.workflow, .apply), in: order)
        let oldInstance = position(PlanGraph.Step(Self.app, .destroy), in: order)
        #expect(newInstance < repoint && repoint < oldInstance)
    }

    @Test("a workflow moved to another application is updated before the old application goes")
    func repointThenDelete() throws {
        let graph = try PlanGraph(changes: [
            Change(address: Self.newApp, action: .create),
            Change(address: Self.workflow, action: .update, dependencies: [Self.newApp, Self.app]),
            Change(address: Self.app, action: .delete),
        ])
        let order = graph.order
        #expect(position(PlanGraph.Step(Self.newApp, .apply), in: order) < position(PlanGraph.Step(Self.workflow, .apply), in: order))
        #expect(position(PlanGraph.Step(Self.workflow, .apply), in: order) < position(PlanGraph.Step(Self.app, .destroy), in: order))
    }

    @Test("no-op changes take no step, and what uses them does not wait")
    func noops() throws {
        let graph = try PlanGraph(changes: [
            Change(address: Self.app, action: .noop),
            Change(address: Self.workflow, action: .update, dependencies: [Self.app]),
        ])
        #expect(graph.steps == [PlanGraph.Step(Self.workflow, .apply)])
        #expect(graph.prerequisites[PlanGraph.Step(Self.workflow, .apply)] == [])
    }

    @Test("a cycle is an error that shows it")
    func cycle() {
        #expect {
            _ = try PlanGraph(changes: [
                Change(address: Self.app, action: .create, dependencies: [Self.workflow]),
                Change(address: Self.workflow, action: .create, dependencies: [Self.app]),
            ])
        } throws: { error in
            (error as? PlanGraph.CycleError)?.description
                == "the changes depend on each other in a cycle: application.quinyx → workflow.export → application.quinyx"
        }
    }
    @Test("the widest group counts the steps of one group that wait for none of each other")
    func widestGroup() throws {
        func workflow(_ index: Int, group: String, after app: ResourceAddress? = nil) -> Change {
            Change(
                address: ResourceAddress(kind: "workflow", key: "w\(group)\(index)"), action: .create,
                dependencies: app.map { [$0] } ?? [], group: group
            )
        }
        // Account a: one application and the three workflows that use it (depths 1 and 2: at most
        // 3 side by side); account b: five workflows that wait for nothing.
        let appA = ResourceAddress(kind: "application", key: "a")
        var changes = [Change(address: appA, action: .create, group: "a")]
        changes += (1...3).map { workflow($0, group: "a", after: appA) }
        #expect(try PlanGraph(changes: changes).widestGroup == 3)
        changes += (1...5).map { workflow($0, group: "b") }
        #expect(try PlanGraph(changes: changes).widestGroup == 5)
        #expect(try PlanGraph(changes: []).widestGroup == 0)
        // A chain is never wider than 1.
        let chain = try PlanGraph(changes: [
            Change(address: Self.schedule, action: .create, dependencies: [Self.workflow], group: "a"),
            Change(address: Self.workflow, action: .create, dependencies: [Self.app], group: "a"),
            Change(address: Self.app, action: .create, group: "a"),
        ])
        #expect(chain.widestGroup == 1)
    }
}
