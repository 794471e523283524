import JSONSupport
import Manifest
import Reconciler
import SafeText
public import StateStore

/// What `state rm` and `state mv` make of a state, worked out on the snapshot before anything is
/// written, so that a command stores the result whole (one commit on every backend) or, when any
/// address is refused, nothing at all.
///
/// Addresses are written as `state list` shows them: Canvas's records by their address
/// (`workflow.export`), another provider's by their key (`provider:kind.key`).
///
/// A schedule (`schedule.KEY`) has no record of its own: the state keeps a workflow's scheduler in
/// its workflow's record. So a schedule is refused by name here, with the workflow's address to
/// use instead: it is forgotten and renamed with its workflow.
public enum StateSurgery {
    /// Why an edit was refused: one sentence, naming the addresses (never a value), with what
    /// was typed made printable (``SafeText/PrintableText``).
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public let description: String

        init(description: String) {
            self.description = PrintableText.escaped(description)
        }
    }

    /// The state with the records at `addresses` removed, and those records in the order given.
    /// Refused, with nothing removed, when any address is not in the state (each with the closest
    /// recorded address, when one is likely meant) or names a schedule.
    public static func removing(_ addresses: [String], from snapshot: StateSnapshot) throws(Refusal) -> (snapshot: StateSnapshot, removed: [StateRecord]) {
        var keys: [String] = []
        var unknown: [String] = []
        for address in addresses {
            try refuseSchedule(address, in: .remove)
            if let key = key(of: address, in: snapshot) {
                if !keys.contains(key) { keys.append(key) }
            } else if !unknown.contains(address) {
                unknown.append(address)
            }
        }
        guard unknown.isEmpty else { throw notRecorded(unknown, in: snapshot) }
        var edited = snapshot
        let removed = keys.map { edited.records.removeValue(forKey: $0)! }
        return (edited, removed)
    }

    /// The state with the record at `from` moved to the address `to` (of the same kind), and that
    /// record as moved. Moving an application also renames it where the workflow records name it
    /// (the applications they were last applied with), so that a later plan does not take the new
    /// name for a change made in Canvas.
    public static func moving(_ from: String, to: String, in snapshot: StateSnapshot) throws(Refusal) -> (snapshot: StateSnapshot, moved: StateRecord) {
        try refuseSchedule(from, in: .move)
        try refuseSchedule(to, in: .move)
        guard let fromKey = key(of: from, in: snapshot), let record = snapshot.records[fromKey] else {
            throw notRecorded([from], in: snapshot)
        }
        guard let source = ResourceAddress(record.address) else { throw notRecorded([from], in: snapshot) }
        guard let target = ResourceAddress(to) else {
            throw Refusal(description: "`\(to)` is not an address: give KIND.KEY, such as \(source.kind).new-key")
        }
        guard source.replaced == nil else {
            throw Refusal(description:
                "`\(from)` records the old instance of a replace, which the next apply deletes; it cannot be moved (`canvasctl state rm \(from)` forgets it, leaving it in Canvas)")
        }
        guard target.kind == source.kind else {
            throw Refusal(description:
                "`\(from)` is a\(startsWithVowel(source.kind) ? "n" : "") \(source.kind) and `\(to)` a\(startsWithVowel(target.kind) ? "n" : "") \(target.kind): state mv renames an address within its kind")
        }
        guard ManifestSet.isResourceKey(target.key) else {
            throw Refusal(description:
                "`\(to)` is not an address a manifest can declare: its key may hold only letters, digits, '_' and '-', and may not start with '-'")
        }
        guard target != source else {
            throw Refusal(description: "`\(from)` and `\(to)` are the same address")
        }
        let toKey = StateRecord.key(provider: record.provider, address: target.description)
        if let taken = snapshot.records[toKey] {
            throw Refusal(description:
                "the state already records `\(target)` (id \(taken.id)); `canvasctl state rm \(target)` first if that resource is to be forgotten")
        }
        var edited = snapshot
        edited.records[fromKey] = nil
        var moved = record
        moved.address = target.description
        edited.records[toKey] = moved
        if record.provider == CanvasPlanner.stateProvider, source.kind == CanvasPlanner.applicationKind {
            renameUses(of: source.description, to: target.description, in: &edited)
        }
        return (edited, moved)
    }

    /// The key of the record `address` names (see the type's description); nil when none.
    static func key(of address: String, in snapshot: StateSnapshot) -> String? {
        if snapshot.records[address] != nil { return address }
        let key = StateRecord.key(provider: CanvasPlanner.stateProvider, address: address)
        return snapshot.records[key] != nil ? key : nil
    }

    /// How `state list` and these commands name `record`: by its address when it is Canvas's,
    /// else by its key.
    public static func shownAddress(of record: StateRecord) -> String {
        record.provider == CanvasPlanner.stateProvider ? record.address : record.key
    }

    /// The addresses the state records, as `state list` shows them.
    static func shownAddresses(of snapshot: StateSnapshot) -> [String] {
        snapshot.records.values.map(shownAddress).sorted()
    }

    private static func notRecorded(_ addresses: [String], in snapshot: StateSnapshot) -> Refusal {
        let known = shownAddresses(of: snapshot)
        let each = addresses.map { address in
            "`\(address)`" + (Suggestion.closest(to: address, among: known).map { " (did you mean `\($0)`?)" } ?? "")
        }
        let listed = each.count == 1 ? each[0] : each.dropLast().joined(separator: ", ") + " or " + each.last!
        return Refusal(description: "the state records no \(listed)" + (known.isEmpty ? " (it records no resources)" : ""))
    }

    /// The commands that refuse a schedule, each naming what to do instead.
    enum Command {
        case remove, move, importing
    }

    /// A schedule is part of its workflow's record: refused with the workflow's address.
    static func refuseSchedule(_ address: String, in command: Command) throws(Refusal) {
        guard let parsed = ResourceAddress(address), parsed.kind == CanvasPlanner.scheduleKind else { return }
        let workflow = "\(CanvasPlanner.workflowKind).\(parsed.key)"
        let instead = switch command {
        case .remove: "`canvasctl state rm \(workflow)` forgets the workflow with its schedule"
        case .move: "`canvasctl state mv \(workflow) workflow.NEW` moves the schedule with its workflow"
        case .importing: "`canvasctl import \(workflow) ID` adopts the workflow with its schedule"
        }
        throw Refusal(description:
            "`\(address)` is the scheduler of \(workflow), which the state records with its workflow, not on its own: \(instead)")
    }

    /// Workflow records that were last applied with application `old` in a slot name it `new`.
    private static func renameUses(of old: String, to new: String, in snapshot: inout StateSnapshot) {
        for (key, record) in snapshot.records where record.provider == CanvasPlanner.stateProvider && record.kind == CanvasPlanner.workflowKind {
            guard case .object(let slots)? = record.attribute("applications"), slots.values.contains(.string(old)) else { continue }
            var renamed = record
            renamed.attributes["applications"] = .object(slots.mapValues { $0 == .string(old) ? .string(new) : $0 })
            snapshot.records[key] = renamed
        }
    }

    private static func startsWithVowel(_ word: String) -> Bool {
        word.first.map { "aeiou".contains($0) } ?? false
    }
}
