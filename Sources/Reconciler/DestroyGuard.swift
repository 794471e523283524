/// The guardrail between a plan that destroys a lot and `apply --auto-approve`.
///
/// An empty or truncated manifest file, or a path mistyped in CI, makes a plan that deletes
/// everything the state manages: planning is right to propose it (the manifests ask for it), but
/// it is rarely meant. A plan that would delete every resource the state manages in a scope, or
/// more than a set number of resources, is flagged by `plan` and refused by `apply` unless
/// `--allow-destroy` is given. Protect (``Change/protectAttribute``) stays as it is: it refuses
/// a delete of one resource whatever the flags.
public struct DestroyGuard: Sendable {
    /// One reason a plan destroys more than it may.
    public enum Finding: Sendable, Hashable {
        /// Every resource the state manages in `scope` (nil: the default scope) is deleted.
        case everything(scope: String?, count: Int)
        /// More resources are deleted than `limit` (`--max-destroy`).
        case overLimit(count: Int, limit: Int)
    }

    /// `--max-destroy N`; nil for no limit by count.
    public var maxDestroy: Int?

    public init(maxDestroy: Int? = nil) {
        self.maxDestroy = maxDestroy
    }

    /// What is wrong with `plan`, given the scope of every resource the state manages
    /// (`managed`, by address). A replace's leftover instance (`kind.key~id`) is cleanup, not a
    /// destroy, and is counted on neither side.
    public func findings(of plan: Plan, managed: [ResourceAddress: String?]) -> [Finding] {
        var managedCount: [String?: Int] = [:]
        for (address, scope) in managed where address.replaced == nil {
            managedCount[scope, default: 0] += 1
        }
        var deleted: [String?: Int] = [:]
        var deletes = 0
        for change in plan.changes where change.action == .delete && change.target == nil && change.address.replaced == nil {
            deletes += 1
            if let scope = managed[change.address] { deleted[scope, default: 0] += 1 }
        }
        // A record of a resource already gone (forgotten) is as good as deleted.
        var gone = deleted
        for forgotten in plan.forgotten where forgotten.address.replaced == nil {
            if let scope = managed[forgotten.address] { gone[scope, default: 0] += 1 }
        }
        var findings: [Finding] = []
        let scopes = deleted.keys.sorted { ($0 ?? "") < ($1 ?? "") }
        for scope in scopes where (deleted[scope] ?? 0) > 0 && gone[scope] == managedCount[scope] {
            findings.append(.everything(scope: scope, count: managedCount[scope] ?? 0))
        }
        if let maxDestroy, deletes > maxDestroy {
            findings.append(.overLimit(count: deletes, limit: maxDestroy))
        }
        return findings
    }

    /// A finding as a sentence, with the manifest files the plan was made from (`paths`), so that
    /// a mistyped path or an empty file shows at once.
    public static func describe(_ finding: Finding, vocabulary: ProviderVocabulary, files: [String]) -> String {
        let what = switch finding {
        case .everything(let scope, let count):
            "the plan destroys \(count == 1 ? "the only resource" : "all \(count) resources") the state manages in the "
                + vocabulary.group(of: scope)
        case .overLimit(let count, let limit):
            "the plan destroys \(count) resources, more than --max-destroy \(limit)"
        }
        let read = files.isEmpty
            ? "no manifest file was read"
            : "the manifest files read were " + files.joined(separator: ", ")
        return what + " (" + read + ")"
    }
}
