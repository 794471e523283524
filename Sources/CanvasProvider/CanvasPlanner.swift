import CanvasAPI
public import Manifest
public import Reconciler
public import StateStore

/// Canvas as the reconciler's provider at plan time: builds each account's live index, hands the
/// manifests' resources to the ``PlanningEngine`` through ``CanvasPlanningProvider`` (the Canvas
/// mapping), and turns the engine's problems into manifest diagnostics.
///
/// What the state records (the conventions `apply` writes by):
/// - `attributes`: the last applied non-secret inputs — `name`, `description`, `template`,
///   `applications` (slot → address), `variables`, `chain` (their non-sensitive values), `protect`;
/// - `fingerprints`: keyed fingerprints of secrets and write-only values — `credentials.FIELD`,
///   `variables.NAME` and `chain.BLOCK.VARIABLE` for sensitive ones, `name` and `description` for
///   ones taken from a secret (then the live text is a secret too, compared by fingerprint).
/// Write-only values (credentials, variables, chain: the documented reads do not return them) are
/// compared against what the state recorded; without a record they are sent again.
public struct CanvasPlanner: Sendable {
    let encoding: AttributeEncoding

    public init(fingerprinter: Fingerprinter) {
        encoding = AttributeEncoding(fingerprinter: fingerprinter)
    }

    static let applicationKind = "application"
    static let workflowKind = "workflow"
    static let scheduleKind = "schedule"
    /// A DeployWorkflow call: planned after every create, update or replace of a workflow with
    /// `deploy: true`, and again while the state says its last deploy did not happen.
    static let deployKind = "deploy"
    /// The kinds of change that are operations on a resource rather than resources
    /// (``Reconciler/Change/target``), for renderings that count each of them.
    public static let operationKinds = [deployKind]
    /// The kinds of resource a manifest declares and an address names (`--target`, `import`).
    public static let resourceKinds = [applicationKind, workflowKind, scheduleKind]
    /// How plans, errors and the state name Canvas and speak of its accounts.
    public static let vocabulary = ProviderVocabulary(
        provider: "canvas", providerName: "Canvas", scopeNoun: "account", defaultScopeGroup: "default account"
    )
    /// The provider's name in the state (``StateStore/StateRecord/provider``).
    public static let stateProvider = vocabulary.provider

    public func plan(desired: DesiredState, live: [String?: LiveState], state: StateSnapshot) throws(ManifestErrors) -> Plan {
        let accountsRead = Array(live)
        let indexes = Dictionary(uniqueKeysWithValues: zip(
            accountsRead.map(\.key),
            ConcurrentChunks.map(count: accountsRead.count, chunks: accountsRead.count) { range in range.map { LiveIndex(accountsRead[$0].value) } }
        ))
        let provider = CanvasPlanningProvider(desired: desired, encoding: encoding)
        do {
            return try PlanningEngine(provider).plan(scopes: indexes, records: state.records)
        } catch {
            throw ManifestErrors(error.problems.map { problem in
                problem.location.map { Diagnostic(problem.message, at: $0) } ?? Diagnostic(problem.message, path: "state")
            })
        }
    }

    /// The name a change shows beside its address: the live one of what exists, the manifest's of
    /// what is created (a fingerprint, shown as (sensitive), when it is a secret).
    static func displayName(of change: Change, wanted: Resource, current: Resource?) -> AttributeValue? {
        change.action == .create ? wanted.attributes["name"] : current?.attributes["name"]
    }

    /// The attributes `names` as the state recorded them at the last apply, for ``DriftCheck``:
    /// nil without a record, or when the resource found is not the one recorded (a pinned `id:`).
    /// A record whose resource is gone makes a create that is drift.
    static func lastApplied(_ record: StateRecord?, match: CanvasID?, _ names: [String]) -> [String: AttributeValue]? {
        guard let record else { return nil }
        if let match, record.id != match.rawValue { return nil }
        var attributes: [String: AttributeValue] = [:]
        for name in names {
            if let value = record.attribute(name) { attributes[name] = AttributeEncoding.attribute(value) }
        }
        return attributes
    }

    /// Only what the manifest manages is compared: an attribute it leaves out (a credential it no
    /// longer lists, which the API cannot unset) is not a change.
    static func limited(_ current: Resource?, to wanted: Resource) -> Resource? {
        guard var current else { return nil }
        if current.attributes.keys.allSatisfy({ wanted.attributes[$0] != nil }) { return current }
        current.attributes = current.attributes.filter { wanted.attributes[$0.key] != nil }
        return current
    }

    /// The state attribute `export` sets on an application whose credentials it could not read.
    static let adoptedCredentials = "adoptedCredentials"
}
