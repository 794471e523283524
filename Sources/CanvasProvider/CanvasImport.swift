public import CanvasAPI
public import Manifest
import Reconciler
public import StateStore

/// `canvasctl import ADDRESS ID`: the checks that adopting live resource `ID` into a declared
/// address needs, and the record it writes, as values (the operation reads and writes around them).
///
/// The record holds the address, the account and the id, and nothing as last applied: the next
/// plan compares the manifest with the live resource exactly as it does for one it adopts by name
/// or by a pinned `id:` — every readable difference an update (or a replace), none of it marked as
/// drift, and the write-only values (credentials, variables, chain) sent once, since the state has
/// no fingerprint of them. Apply then records the resource in full.
public struct CanvasImport: Sendable {
    /// The address imported into, `application.KEY` or `workflow.KEY`.
    public let address: String
    /// The live resource's id.
    public let id: CanvasID
    private let kind: String
    private let key: String

    /// Parses the command's arguments; refused for a schedule (imported with its workflow), any
    /// other kind, and an id that is not a GUID.
    public init(address: String, id: String) throws(StateSurgery.Refusal) {
        try StateSurgery.refuseSchedule(address, in: .importing)
        let kinds = [CanvasPlanner.applicationKind, CanvasPlanner.workflowKind]
        guard let parsed = ResourceAddress(address), kinds.contains(parsed.kind) else {
            throw StateSurgery.Refusal(description: "`\(address)` is not an address import takes: give application.KEY or workflow.KEY")
        }
        guard let canvasID = CanvasID(id) else {
            throw StateSurgery.Refusal(description: "`\(id)` is not a Canvas id: ids are GUIDs such as 3fa85f64-5717-4562-b3fc-2c963f66afa6")
        }
        self.address = parsed.description
        self.kind = parsed.kind
        self.key = parsed.key
        self.id = canvasID
    }

    /// The account (as the manifest writes it; nil for the default one) of the resource the
    /// manifests declare at the address. Refused when they declare none, or pin another id to it
    /// with `id:` (the pin would win over the record).
    public func account(in set: ManifestSet) throws(StateSurgery.Refusal) -> String? {
        let declared: (account: String?, pin: Sourced<String>?)?
        let addresses: [String]
        if kind == CanvasPlanner.applicationKind {
            declared = set.applications.first { $0.key == key }.map { ($0.account, $0.id) }
            addresses = set.applications.map(\.address)
        } else {
            declared = set.workflows.first { $0.key == key }.map { ($0.account, $0.id) }
            addresses = set.workflows.map(\.address)
        }
        guard let declared else {
            throw StateSurgery.Refusal(description:
                "the manifests declare no `\(address)`" + (Suggestion.closest(to: address, among: addresses).map { " (did you mean `\($0)`?)" } ?? "")
                    + ": import adopts a resource into an address the manifests declare, so add it to them first")
        }
        if let pin = declared.pin, CanvasID(pin.value) != id {
            throw StateSurgery.Refusal(description:
                "`\(address)` pins another id with `id:` (\(pin.location)), which a plan matches before the state: change or remove that `id:` first")
        }
        return declared.account
    }

    /// Refused when the state already records the address, or the id under any address.
    public func check(_ snapshot: StateSnapshot) throws(StateSurgery.Refusal) {
        if let recorded = snapshot.record(provider: CanvasPlanner.stateProvider, address: address) {
            throw StateSurgery.Refusal(description:
                "the state already records `\(address)` (id \(recorded.id)): `canvasctl state rm \(address)` first to import another resource into it")
        }
        let managed = snapshot.records.values.filter { $0.provider == CanvasPlanner.stateProvider && CanvasID($0.id) == id }
        if let other = managed.min(by: { $0.address < $1.address }) {
            let rename = other.kind == kind ? " (`canvasctl state mv \(other.address) \(address)` renames it)" : ""
            throw StateSurgery.Refusal(description: "\(id) is already managed, as `\(other.address)`: a resource is recorded under one address" + rename)
        }
    }

    /// The record of the resource, found in `live` (the account the manifests declare it in);
    /// refused when that account has no resource with the id, or it is of the other kind.
    /// `account` is as ``account(in:)`` answered it.
    public func record(account: String?, live: LiveState, appliedAt: String) throws(StateSurgery.Refusal) -> StateRecord {
        let isApplication = live.registeredApplications.contains { $0.id == id }
        let isWorkflow = live.workflows.contains { $0.id == id }
        let found = kind == CanvasPlanner.applicationKind ? isApplication : isWorkflow
        guard found else {
            let place = live.account.map { "account \($0)" } ?? "the API keys' own account"
            if isApplication || isWorkflow {
                let actual = isApplication ? CanvasPlanner.applicationKind : CanvasPlanner.workflowKind
                throw StateSurgery.Refusal(description:
                    "\(id) is a\(isApplication ? "n" : "") \(actual) in \(place), not a\(isApplication ? "" : "n") \(kind): import it into a\(isApplication ? "n" : "") \(actual).KEY address")
            }
            throw StateSurgery.Refusal(description:
                "\(place) has no \(kind) with id \(id) (the account `\(address)` is declared in)")
        }
        return StateRecord(
            address: address, kind: kind, provider: CanvasPlanner.stateProvider, scope: account, id: id.rawValue, appliedAt: appliedAt
        )
    }
}
