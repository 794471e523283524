import OrderedCollections
import YAML

/// Checks that need the whole set at once: addresses unique across files, names unique per account
/// (Canvas identifies resources by name when the state does not know them), pinned ids used once,
/// and every application slot naming an application of the workflow's own account.
struct SetChecker {
    /// What identifies a resource by name in Canvas: its account and its name (per kind).
    private struct NameKey: Hashable {
        var account: String?
        var name: String
    }

    /// The keys, names and ids of one kind of resource seen so far.
    private struct Seen {
        /// Where each key was first defined.
        var keys: [String: Mark] = [:]
        var names: [NameKey: String] = [:]

        init(capacity: Int) {
            keys.reserveCapacity(capacity)
            names.reserveCapacity(capacity)
        }
    }

    private var diagnostics: [Diagnostic] = []
    private var ids: [String: String] = [:]

    static func check(applications: [ApplicationSpec], workflows: [WorkflowSpec]) -> [Diagnostic] {
        var checker = SetChecker()
        var seen = Seen(capacity: applications.count)
        for index in applications.indices {
            checker.register(
                kind: "application", key: applications[index].key, location: applications[index].location,
                account: applications[index].account, name: applications[index].name, id: applications[index].id, in: &seen
            )
        }
        seen = Seen(capacity: workflows.count)
        for index in workflows.indices {
            checker.register(
                kind: "workflow", key: workflows[index].key, location: workflows[index].location,
                account: workflows[index].account, name: workflows[index].name, id: workflows[index].id, in: &seen
            )
        }
        checker.checkSlots(applications: applications, workflows: workflows)
        return checker.diagnostics
    }

    private mutating func register(
        kind: String, key: String, location: Mark, account: String?, name: Sourced<String>, id: Sourced<String>?, in seen: inout Seen
    ) {
        if let first = seen.keys.updateValue(location, forKey: key) {
            seen.keys[key] = first
            diagnostics.append(Diagnostic("duplicate address \(kind).\(key) (first defined at \(first))", at: location))
            return
        }
        // A resource pinned by `id:` is not matched by name, so it may share its name: that is
        // what `id:` is for when several live resources have one name.
        if id == nil, let first = seen.names.updateValue(key, forKey: NameKey(account: account, name: name.value)) {
            seen.names[NameKey(account: account, name: name.value)] = first
            let shown = name.isSensitive ? "(sensitive)" : "'\(name.value)'"
            diagnostics.append(Diagnostic(
                "\(kind)s '\(first)' and '\(key)' have the same name \(shown) in one account; Canvas resources are matched by name, so names must differ",
                at: name.location
            ))
        }
        if let id {
            if let first = ids.updateValue("\(kind).\(key)", forKey: id.value) {
                ids[id.value] = first
                let shown = id.isSensitive ? "(sensitive)" : id.value
                diagnostics.append(Diagnostic("id \(shown) is already pinned by \(first)", at: id.location))
            }
        }
    }

    private mutating func checkSlots(applications: [ApplicationSpec], workflows: [WorkflowSpec]) {
        var accountOfApplication: [String: String?] = [:]
        accountOfApplication.reserveCapacity(applications.count)
        for index in applications.indices where accountOfApplication[applications[index].key] == nil {
            accountOfApplication[applications[index].key] = applications[index].account
        }
        for index in workflows.indices {
            let account = workflows[index].account
            for (slot, reference) in workflows[index].applications {
                guard let applicationAccount = accountOfApplication[reference.value] else {
                    let candidates = applications.lazy.filter { $0.account == account }.map(\.key)
                    diagnostics.append(Diagnostic(
                        "slot '\(slot)' of workflow '\(workflows[index].key)' refers to unknown application '\(reference.value)'"
                            + Suggestion.hint(for: reference.value, among: candidates),
                        at: reference.location
                    ))
                    continue
                }
                if applicationAccount != account {
                    diagnostics.append(Diagnostic(
                        "slot '\(slot)' of workflow '\(workflows[index].key)' refers to application '\(reference.value)', "
                            + "which is declared for another account; a workflow can only use applications registered in its own account",
                        at: reference.location
                    ))
                }
            }
        }
    }
}
