import Reconciler
import Testing

/// The guardrail: a plan that deletes everything managed in a scope, or more than a limit.
struct DestroyGuardTests {
    static func address(_ text: String) -> ResourceAddress { ResourceAddress(text)! }

    static let managed: [ResourceAddress: String?] = [
        address("application.a"): nil, address("workflow.w"): nil, address("schedule.w"): nil,
        address("application.b"): "acct-2", address("workflow.v"): "acct-2",
        address("workflow.w~1a2b3c4d"): nil,
    ]

    static func plan(deleting: [String], forgotten: [String] = []) -> Plan {
        Plan(
            changes: deleting.map { Change(address: address($0), action: .delete) } + [Change(address: address("workflow.new"), action: .create)],
            forgotten: forgotten.map { Plan.Forgotten(address: address($0), id: "x") }
        )
    }

    @Test("deleting every resource of a scope is flagged, per scope; a replace's leftover counts on neither side")
    func everything() {
        let findings = DestroyGuard().findings(of: Self.plan(deleting: ["application.a", "workflow.w", "schedule.w", "workflow.w~1a2b3c4d"]), managed: Self.managed)
        #expect(findings == [.everything(scope: nil, count: 3)])
        let both = DestroyGuard().findings(
            of: Self.plan(deleting: ["application.a", "workflow.w", "schedule.w", "application.b", "workflow.v"]), managed: Self.managed
        )
        #expect(both == [.everything(scope: nil, count: 3), .everything(scope: "acct-2", count: 2)])
    }

    @Test("deleting some of a scope is not flagged; what was already gone counts as deleted")
    func some() {
        #expect(DestroyGuard().findings(of: Self.plan(deleting: ["workflow.w", "schedule.w"]), managed: Self.managed).isEmpty)
        let rest = DestroyGuard().findings(of: Self.plan(deleting: ["workflow.v"], forgotten: ["application.b"]), managed: Self.managed)
        #expect(rest == [.everything(scope: "acct-2", count: 2)])
        #expect(DestroyGuard().findings(of: Self.plan(deleting: [], forgotten: ["application.b", "workflow.v"]), managed: Self.managed).isEmpty,
                "nothing is deleted: forgetting records destroys nothing")
    }

    @Test("more deletes than --max-destroy are flagged; as many are not")
    func limit() {
        let plan = Self.plan(deleting: ["workflow.w", "schedule.w"])
        #expect(DestroyGuard(maxDestroy: 1).findings(of: plan, managed: Self.managed) == [.overLimit(count: 2, limit: 1)])
        #expect(DestroyGuard(maxDestroy: 2).findings(of: plan, managed: Self.managed).isEmpty)
    }

    @Test("the sentence names the count, the scope and the files read")
    func sentence() {
        let vocabulary = ProviderVocabulary(provider: "canvas", providerName: "Canvas", scopeNoun: "account", defaultScopeGroup: "default account")
        #expect(DestroyGuard.describe(.everything(scope: "acct-2", count: 2), vocabulary: vocabulary, files: ["a.yaml", "b.yaml"])
            == "the plan destroys all 2 resources the state manages in the account acct-2 (the manifest files read were a.yaml, b.yaml)")
        #expect(DestroyGuard.describe(.overLimit(count: 5, limit: 1), vocabulary: vocabulary, files: [])
            == "the plan destroys 5 resources, more than --max-destroy 1 (no manifest file was read)")
    }
}
