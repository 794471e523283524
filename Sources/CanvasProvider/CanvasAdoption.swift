import JSONSupport
import Manifest
import OrderedCollections
import Reconciler
public import StateStore

/// The state records of what `export` adopts, made from the exported manifests resolved against
/// the live accounts, with the same conventions as apply (``StateRecordBuilder``), so that a plan
/// right after an export has no changes.
///
/// Two things differ from apply: credentials are not fingerprinted (they cannot be read, and the
/// placeholders' values are not known yet): the record says `adoptedCredentials` instead; and the
/// scheduler is recorded as the manifest (written from the live one) has it.
public struct CanvasAdoption: Sendable {
    let records: StateRecordBuilder

    public init(fingerprinter: Fingerprinter) {
        records = StateRecordBuilder(fingerprinter: fingerprinter)
    }

    public func records(desired: DesiredState, adopted: [String: ManifestExport.Adoption], appliedAt: String) -> [StateRecord] {
        var result: [StateRecord] = []
        for resolved in desired.applications {
            guard let adoption = adopted["\(CanvasPlanner.applicationKind).\(resolved.spec.key)"] else { continue }
            var record = records.application(resolved, id: adoption.id, appliedAt: appliedAt)
            record.fingerprints = [:]
            if !resolved.spec.credentials.isEmpty { record.attributes[CanvasPlanner.adoptedCredentials] = .bool(true) }
            result.append(record)
        }
        for resolved in desired.workflows {
            guard let adoption = adopted["\(CanvasPlanner.workflowKind).\(resolved.spec.key)"] else { continue }
            var record = records.workflow(resolved, id: adoption.id, deployed: nil, appliedAt: appliedAt)
            record.attributes["schedule"] = StateRecordBuilder.schedule(
                enabled: resolved.spec.schedule?.enabled ?? false, cron: resolved.spec.schedule?.cron
            )
            result.append(record)
        }
        return result
    }
}
