import OrderedCollections
import YAML

/// Checks that need the whole set at once: addresses unique across files, names unique per account
/// (Canvas identifies resources by name when the state does not know them), pinned ids used once,
/// and every application slot naming an application of the workflow's own account.
enum SetChecker {
    static func check(applications: [ApplicationSpec], workflows: [WorkflowSpec]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []

        var addresses: [String: Mark] = [:]
        var names: [String: (key: String, location: Mark)] = [:]
        var ids: [String: String] = [:]
        func register(address: String, key: String, kind: String, account: String?, name: Sourced<String>, id: Sourced<String>?, location: Mark) {
            if let first = addresses[address] {
                diagnostics.append(Diagnostic("duplicate address \(address) (first defined at \(first))", at: location))
                return
            }
            addresses[address] = location
            let nameKey = "\(kind)\u{0}\(account ?? "")\u{0}\(name.value)"
            if let first = names[nameKey] {
                let shown = name.isSensitive ? "(sensitive)" : "'\(name.value)'"
                diagnostics.append(Diagnostic(
                    "\(kind)s '\(first.key)' and '\(key)' have the same name \(shown) in one account; Canvas resources are matched by name, so names must differ",
                    at: name.location
                ))
            } else {
                names[nameKey] = (key, name.location)
            }
            if let id {
                if let first = ids[id.value] {
                    diagnostics.append(Diagnostic("id \(id.value) is already pinned by \(first)", at: id.location))
                } else {
                    ids[id.value] = address
                }
            }
        }

        for application in applications {
            register(
                address: application.address, key: application.key, kind: "application", account: application.account,
                name: application.name, id: application.id, location: application.location
            )
        }
        for workflow in workflows {
            register(
                address: workflow.address, key: workflow.key, kind: "workflow", account: workflow.account,
                name: workflow.name, id: workflow.id, location: workflow.location
            )
        }

        var applicationsByKey: [String: ApplicationSpec] = [:]
        for application in applications where applicationsByKey[application.key] == nil {
            applicationsByKey[application.key] = application
        }
        for workflow in workflows {
            for (slot, reference) in workflow.applications {
                guard let application = applicationsByKey[reference.value] else {
                    let candidates = applications.filter { $0.account == workflow.account }.map(\.key)
                    diagnostics.append(Diagnostic(
                        "slot '\(slot)' of workflow '\(workflow.key)' refers to unknown application '\(reference.value)'"
                            + Suggestion.hint(for: reference.value, among: candidates),
                        at: reference.location
                    ))
                    continue
                }
                if application.account != workflow.account {
                    diagnostics.append(Diagnostic(
                        "slot '\(slot)' of workflow '\(workflow.key)' refers to application '\(application.key)' of "
                            + "\(describe(application.account)), but the workflow belongs to \(describe(workflow.account)); "
                            + "a workflow can only use applications registered in its own account",
                        at: reference.location
                    ))
                }
            }
        }
        return diagnostics
    }

    static func describe(_ account: String?) -> String {
        account.map { "account \($0)" } ?? "the API keys' own account"
    }
}
