import CanvasOperations
import Reconciler
import Testing

/// When the plan names the per-account limit: only when it, not --parallelism, bounds the apply.
struct AccountLimitNoteTests {
    /// `count` creates in `group` that wait for nothing.
    static func creates(_ count: Int, group: String) -> [Change] {
        (0..<count).map { Change(address: ResourceAddress(kind: "workflow", key: "\(group)-\($0)"), action: .create, group: group) }
    }

    @Test("more independent changes in one account than the limit, and a parallelism above it: the note")
    func binds() {
        let plan = Plan(changes: Self.creates(10, group: "account a") + Self.creates(2, group: "account b"))
        #expect(AccountLimitNote.line(for: plan, maxPerAccount: 8, parallelism: 16) == "At most 8 changes at a time per account (--max-per-account).")
        #expect(AccountLimitNote.line(for: plan, maxPerAccount: 1, parallelism: 2) == "At most 1 change at a time per account (--max-per-account).")
    }

    @Test("no note when the parallelism is no larger than the limit, or no account has more changes side by side than it")
    func doesNotBind() {
        let plan = Plan(changes: Self.creates(10, group: "account a"))
        #expect(AccountLimitNote.line(for: plan, maxPerAccount: 8, parallelism: 8) == nil)
        #expect(AccountLimitNote.line(for: plan, maxPerAccount: 10, parallelism: 32) == nil)
        // Five accounts of four: twenty changes, but never more than four of one account at once.
        let spread = Plan(changes: (0..<5).flatMap { Self.creates(4, group: "account \($0)") })
        #expect(AccountLimitNote.line(for: spread, maxPerAccount: 4, parallelism: 32) == nil)
        // Ten changes of one account in a chain: one at a time whatever the limit.
        var chain: [Change] = []
        for index in 0..<10 {
            let previous = index == 0 ? [] : Set([ResourceAddress(kind: "workflow", key: "c-\(index - 1)")])
            chain.append(Change(address: ResourceAddress(kind: "workflow", key: "c-\(index)"), action: .create, dependencies: previous, group: "account a"))
        }
        #expect(AccountLimitNote.line(for: Plan(changes: chain), maxPerAccount: 2, parallelism: 8) == nil)
        #expect(AccountLimitNote.line(for: Plan(changes: []), maxPerAccount: 1, parallelism: 8) == nil)
    }
}
