import CanvasAPI
import JSONSupport
import Manifest
import OrderedCollections
import Reconciler
import StateStore

/// The state records of Canvas resources as the manifests have them (the conventions of
/// ``CanvasPlanner``): written by the applier after each change, and by `export` for what it adopts,
/// so that a plan right after either compares equal.
struct StateRecordBuilder: Sendable {
    let encoding: AttributeEncoding

    init(fingerprinter: Fingerprinter) {
        encoding = AttributeEncoding(fingerprinter: fingerprinter)
    }

    /// An application: its catalog application, name and protect, and its credentials' keyed
    /// fingerprints.
    func application(_ resolved: ResolvedApplication, id: CanvasID, appliedAt: String) -> StateRecord {
        let spec = resolved.spec
        var fingerprints: [String: String] = [:]
        for (field, value) in spec.credentials {
            if case .sensitive(let fingerprint) = encoding.sourced(encoding.scalar(value.value), isSensitive: true) {
                fingerprints["credentials.\(field)"] = fingerprint
            }
        }
        var attributes: [String: StateValue] = [
            "app": .string(resolved.catalogApplication.name ?? resolved.catalogApplication.id.rawValue),
            "protect": .bool(spec.protect),
        ]
        if !spec.name.isSensitive { attributes["name"] = .string(spec.name.value) }
        // A name from a secret is kept as its fingerprint: what tells later plans and `export`
        // that the live name is a secret too.
        if case .sensitive(let fingerprint) = encoding.string(spec.name) { fingerprints["name"] = fingerprint }
        return StateRecord(
            address: "\(CanvasPlanner.applicationKind).\(spec.key)", kind: CanvasPlanner.applicationKind,
            provider: CanvasPlanner.stateProvider, scope: spec.account,
            id: id.rawValue, attributes: attributes, fingerprints: fingerprints, appliedAt: appliedAt
        )
    }

    /// A workflow; `deployed` says whether the deploy after its last change happened (nil without
    /// `deploy: true`).
    func workflow(_ resolved: ResolvedWorkflow, id: CanvasID, deployed: Bool?, appliedAt: String) -> StateRecord {
        let spec = resolved.spec
        var attributes: [String: StateValue] = [
            "template": .string(resolved.template.name ?? resolved.template.id.rawValue),
            "applications": .object(resolved.slots.mapValues { .string("application.\($0)") }),
            "protect": .bool(spec.protect),
        ]
        if let deployed { attributes["deployed"] = .bool(deployed) }
        if !spec.name.isSensitive { attributes["name"] = .string(spec.name.value) }
        if let description = spec.description, !description.isSensitive { attributes["description"] = .string(description.value) }
        var fingerprints: [String: String] = [:]
        // A name or description from a secret is kept as its fingerprint (see `application`).
        if case .sensitive(let fingerprint) = encoding.string(spec.name) { fingerprints["name"] = fingerprint }
        if let description = spec.description, case .sensitive(let fingerprint) = encoding.string(description) {
            fingerprints["description"] = fingerprint
        }
        var variables: [String: StateValue] = [:]
        for (name, value) in spec.variables {
            let attribute = encoding.sourced(encoding.variable(value.value), isSensitive: value.isSensitive)
            if case .sensitive(let fingerprint) = attribute { fingerprints["variables.\(name)"] = fingerprint } else { variables[name] = AttributeEncoding.json(attribute) }
        }
        if !variables.isEmpty { attributes["variables"] = .object(variables) }
        var chain: [String: StateValue] = [:]
        for (block, settings) in spec.chain {
            var fields: [String: StateValue] = [:]
            for (name, setting) in settings {
                let attribute = encoding.sourced(encoding.chainVariable(setting.value), isSensitive: setting.isSensitive)
                if case .sensitive(let fingerprint) = attribute { fingerprints["chain.\(block).\(name)"] = fingerprint } else { fields[name] = AttributeEncoding.json(attribute) }
            }
            if !fields.isEmpty { chain[block] = .object(fields) }
        }
        if !chain.isEmpty { attributes["chain"] = .object(chain) }
        fingerprints[AppliedDigest.recordKey] = AppliedDigest.of(
            spec, template: AppliedDigest.templateName(resolved), slots: resolved.slots, readable: AppliedDigest.sent(resolved),
            fingerprinter: encoding.fingerprinter
        )
        return StateRecord(
            address: "\(CanvasPlanner.workflowKind).\(spec.key)", kind: CanvasPlanner.workflowKind,
            provider: CanvasPlanner.stateProvider, scope: spec.account, id: id.rawValue,
            attributes: attributes, fingerprints: fingerprints, appliedAt: appliedAt
        )
    }

    /// A scheduler's settings as the workflow record keeps them (`schedule`), for drift detection;
    /// a sensitive cron is not kept.
    static func schedule(enabled: Bool, cron: Sourced<CronExpression>?) -> StateValue {
        var applied: [String: StateValue] = ["enabled": .bool(enabled)]
        if let cron, !cron.isSensitive { applied["cron"] = .string(cron.value.normalizedText) }
        return .object(applied)
    }
}
