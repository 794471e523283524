import CanvasAPI
import Dispatch
import Foundation
import JSONSupport
import OrderedCollections
public import Manifest
public import Reconciler
public import StateStore
import Synchronization
import YAML

/// Canvas as the reconciler's provider at plan time: it finds each manifest resource's live
/// counterpart (by the state, by a pinned `id:`, or by name), describes both sides as the
/// reconciler's `Resource`s, and diffs them into a ``Plan``.
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

    /// The resource whose replace left the instance recorded at `address`; nil for any other address.
    static func replacedAddress(_ address: ResourceAddress) -> ResourceAddress? {
        guard let tilde = address.key.firstIndex(of: "~") else { return nil }
        return ResourceAddress(kind: address.kind, key: String(address.key[..<tilde]))
    }

    /// Where the state keeps the instance a replace is replacing until it is deleted:
    /// `application.quinyx~1a2b3c4d` (the first 8 characters of its id; `~` is in no manifest key).
    static func supersededAddress(of address: ResourceAddress, id: String) -> ResourceAddress {
        ResourceAddress(kind: address.kind, key: "\(address.key)~\(id.prefix(8))")
    }

    public func plan(desired: DesiredState, live: [String?: LiveState], state: StateSnapshot) throws(ManifestErrors) -> Plan {
        let accountsRead = Array(live)
        let indexes = Dictionary(uniqueKeysWithValues: zip(
            accountsRead.map(\.key),
            ConcurrentChunks.map(count: accountsRead.count, chunks: accountsRead.count) { range in range.map { LiveIndex(accountsRead[$0].value) } }
        ))
        var diagnostics: [Diagnostic] = []
        var changes: [Change] = []
        changes.reserveCapacity(desired.applications.count + desired.workflows.count * 2)
        var claimed = Set<CanvasID>(minimumCapacity: state.records.count + desired.applications.count + desired.workflows.count)
        // Live application id → managed address, for reading workflows' slots.
        var addressOfApplication: [CanvasID: ApplicationAddress] = [:]
        for (address, record) in state.records where record.kind == Self.applicationKind {
            if let id = CanvasID(record.id), let parsed = ResourceAddress(address) {
                addressOfApplication[id] = ApplicationAddress(address: parsed, text: address)
            }
        }
        // Each change in the group of its account, for long plans: the label of every account read
        // made once (a change is only planned in an account that was read). Labelled by the account
        // read, not by how the manifest wrote it: documents without `account:` under `--account X`
        // and documents with `account: X` are one account, one group, and one bound on the
        // requests in flight to it when applying (the executor's `groupLimit`).
        let groups = Dictionary(uniqueKeysWithValues: live.map { ($0.key, Self.groupLabel($0.value.account?.rawValue)) })

        // Applications: each on its own (in parallel: each fingerprints its credentials), merged
        // in the manifests' order.
        let applications = desired.applications
        let applicationOutcomes = ConcurrentChunks.map(count: applications.count) { range in
            range.map { index in
                var outcome = planApplication(applications[index], indexes: indexes, state: state)
                let group = groups[applications[index].spec.account] ?? Self.groupLabel(applications[index].spec.account)
                for change in outcome.changes.indices { outcome.changes[change].group = group }
                return outcome
            }
        }
        for (resolved, outcome) in zip(applications, applicationOutcomes) {
            diagnostics += outcome.diagnostics
            changes += outcome.changes
            guard let match = outcome.match else { continue }
            claimed.insert(match)
            // Its workflows must move to the new instance before the old one can be deleted.
            let replaced = outcome.changes.contains { $0.action == .replace }
            addressOfApplication[match] = replaced ? nil : ApplicationAddress(ResourceAddress(kind: Self.applicationKind, key: resolved.spec.key))
        }

        // Workflows and their schedules: each on its own, so in parallel (a tenth of a second at
        // 10,000 workflows on one core), and merged in the manifests' order.
        let workflows = desired.workflows
        let applicationAddresses = addressOfApplication
        let desiredApplications = Set(desired.applications.map { ResourceAddress(kind: Self.applicationKind, key: $0.spec.key) })
        // Each chunk's changes stay in the chunk's array until the plan puts them in order: a
        // change is a large value, and 20,000 of them copied (and the copies freed) cost more than
        // planning a thousand workflows.
        let chunks = ConcurrentChunks.map(count: workflows.count) { range in
            var chunk = WorkflowChunk()
            chunk.changes.reserveCapacity(range.count * 2)
            for index in range {
                let group = groups[workflows[index].spec.account] ?? Self.groupLabel(workflows[index].spec.account)
                planWorkflow(
                    workflows[index], indexes: indexes, state: state, addressOfApplication: applicationAddresses,
                    desiredApplications: desiredApplications, group: group, into: &chunk
                )
            }
            return [chunk]
        }
        // Records whose resource a manifest resource under the same address stands for: when
        // that is every record, none is left over, and the records need no pass of their own.
        var matchingRecords = applicationOutcomes.count { $0.matchesRecord }
        for chunk in chunks {
            claimed.formUnion(chunk.matches)
            diagnostics += chunk.diagnostics
            matchingRecords += chunk.matchingRecords
        }

        // Resources the state knows and the manifests no longer name: deleted, scheduler first;
        // forgotten when they are gone from Canvas already (their account was read, and they are
        // not in it).
        var forgotten: [Plan.Forgotten] = []
        // (Few as a rule: the addresses are gathered first, without a copy of every record.)
        var left: [String] = []
        if matchingRecords < state.records.count {
            for index in state.records.indices where CanvasID(state.records.values[index].id).map({ !claimed.contains($0) }) ?? true {
                left.append(state.records.keys[index])
            }
        }
        if !left.isEmpty {
            let desiredAddresses = Set((changes + chunks.flatMap(\.changes)).map(\.address.description))
            left = left.filter { !desiredAddresses.contains($0) }
        }
        for addressText in left.sorted() {
            let record = state.records[addressText]!
            guard let address = ResourceAddress(addressText), address.kind != Self.scheduleKind, address.kind != Self.deployKind,
                  let id = CanvasID(record.id) else { continue }
            // A manifest resource under another key took this one over (its key was renamed, and
            // it was adopted by name or pinned id): it stays.
            if claimed.contains(id) { continue }
            let account = indexes[record.account] ?? nil
            claimed.insert(id)
            let protected = record.attribute("protect") == .bool(true)
            let reason = Self.replacedAddress(address).map { "left by the replace of \($0): its deletion did not happen" }
                ?? "no longer in the manifests"
            switch address.kind {
            case Self.applicationKind:
                guard let application = account?.registeredApplications[id] else {
                    if account != nil { forgotten.append(Plan.Forgotten(address: address, id: id.rawValue, group: groups[record.account])) }
                    continue
                }
                let name = recordedName(application.tagText, record)
                let change = Change(
                    address: address, action: .delete, id: id.rawValue, attributes: [.init(name: "name", before: name, after: nil)],
                    reason: reason, group: groups[record.account] ?? Self.groupLabel(record.account), displayName: name
                )
                if protected { diagnostics.append(protectedDelete(address)) }
                changes.append(change)
            case Self.workflowKind:
                guard let workflow = account?.workflow(id) else {
                    if account != nil { forgotten.append(Plan.Forgotten(address: address, id: id.rawValue, group: groups[record.account])) }
                    continue
                }
                let uses = Set(currentSlots(of: workflow, account: account, addresses: addressOfApplication).uses)
                if protected { diagnostics.append(protectedDelete(address)) }
                let name = recordedName(workflow.name, record)
                if workflow.isScheduled == true {
                    changes.append(Change(
                        address: ResourceAddress(kind: Self.scheduleKind, key: address.key), action: .delete, id: id.rawValue,
                        attributes: [.init(name: "enabled", before: .bool(true), after: nil)],
                        dependencies: [address], reason: "its workflow is deleted", group: groups[record.account] ?? Self.groupLabel(record.account),
                        displayName: name
                    ))
                }
                changes.append(Change(
                    address: address, action: .delete, id: id.rawValue, attributes: [.init(name: "name", before: name, after: nil)],
                    dependencies: uses, reason: reason, group: groups[record.account] ?? Self.groupLabel(record.account), displayName: name
                ))
            default:
                continue
            }
        }

        guard diagnostics.isEmpty else { throw ManifestErrors(diagnostics) }

        var unmanaged: [Plan.Unmanaged] = []
        for (account, state) in live {
            // By position: a loop over the values would copy each.
            let applications = state.registeredApplications
            for index in applications.indices where !claimed.contains(applications[index].id) {
                unmanaged.append(Plan.Unmanaged(
                    kind: Self.applicationKind, id: applications[index].id.rawValue, name: applications[index].tagText ?? "", account: account
                ))
            }
            let workflows = state.workflows
            for index in workflows.indices where !claimed.contains(workflows[index].id) {
                unmanaged.append(Plan.Unmanaged(kind: Self.workflowKind, id: workflows[index].id.rawValue, name: workflows[index].name ?? "", account: account))
            }
        }
        return Plan(parts: [changes] + chunks.map(\.changes), unmanaged: unmanaged, forgotten: forgotten)
    }

    /// A managed application's address, with its text made once: the plan names it in the slots
    /// of every workflow that uses it (20,000 times at 10,000 workflows).
    private struct ApplicationAddress: Sendable {
        let address: ResourceAddress
        let text: String

        init(address: ResourceAddress, text: String) {
            self.address = address
            self.text = text
        }

        init(_ address: ResourceAddress) {
            self.init(address: address, text: address.description)
        }
    }

    /// What planning one resource of the manifests gives: the live resource it stands for, and its
    /// changes (a workflow's include those of its deploy and its scheduler).
    private struct ResourceOutcome: Sendable {
        var match: CanvasID?
        /// The match is the resource the state records under the same address.
        var matchesRecord = false
        var changes: [Change] = []
        var diagnostics: [Diagnostic] = []
    }

    /// What planning a run of workflows gives: the live workflows they stand for, their changes
    /// (with those of their deploys and schedulers) and their diagnostics, in the manifests' order.
    private struct WorkflowChunk: Sendable {
        var matches: [CanvasID] = []
        /// How many of the matches are the resource the state records under the same address.
        var matchingRecords = 0
        var changes: [Change] = []
        var diagnostics: [Diagnostic] = []
    }

    private func planApplication(_ resolved: ResolvedApplication, indexes: [String?: LiveIndex], state: StateSnapshot) -> ResourceOutcome {
        var outcome = ResourceOutcome()
        let spec = resolved.spec
        let address = ResourceAddress(kind: Self.applicationKind, key: spec.key)
        let account = indexes[spec.account] ?? nil
        let record = state.records[address.description]
        let match = identify(
            address: address, pinned: spec.id, record: record, exists: { account?.registeredApplications.index(forKey: $0) != nil },
            named: { account?.applicationsNamed[spec.name.value] ?? [] }, name: spec.name, location: spec.location, diagnostics: &outcome.diagnostics
        )
        outcome.match = match
        outcome.matchesRecord = match != nil && record?.id == match?.rawValue
        let recordedProtect = Self.recordedProtect(record, id: match)
        var attributes: [String: AttributeValue] = [
            "app": .string(resolved.catalogApplication.name ?? resolved.catalogApplication.id.rawValue),
            "name": encoding.string(spec.name),
        ]
        if spec.protect || recordedProtect { attributes["protect"] = .bool(spec.protect) }
        let credentials: [String: AttributeValue] = spec.credentials.reduce(into: [:]) { fields, entry in
            fields[entry.key] = encoding.sourced(encoding.scalar(entry.value.value), isSensitive: true)
        }
        if !credentials.isEmpty { attributes["credentials"] = .map(credentials) }
        let current = match.flatMap { account?.registeredApplications[$0] }.map { application in
            var fields: [String: AttributeValue] = [
                "app": .string(account?.catalog[application.applicationId]?.name ?? application.applicationId.rawValue),
                // A name the manifest takes from a secret is one: the live one is compared by fingerprint.
                "name": encoding.sourced(.string(application.tagText ?? ""), isSensitive: spec.name.isSensitive),
            ]
            if attributes["protect"] != nil { fields["protect"] = .bool(recordedProtect) }
            for (name, value) in recordedCredentials(record, id: application.id, wanted: credentials) { fields[name] = value }
            return Resource(address: address, id: application.id.rawValue, attributes: fields)
        }
        let wanted = Resource(address: address, attributes: attributes, protected: spec.protect)
        let compared = Self.limited(current, to: wanted)
        if var change = ResourceDiff.change(desired: wanted, current: compared, immutable: ["app"]) {
            if change.action != .noop {
                change = DriftCheck.mark(change, current: compared, lastApplied: Self.lastApplied(record, match: match, ["app", "name"]), provider: "Canvas")
                change.displayName = Self.displayName(of: change, wanted: wanted, current: compared)
            }
            checkProtect(change, protected: spec.protect, location: spec.location, diagnostics: &outcome.diagnostics)
            outcome.changes.append(change)
        }
        return outcome
    }

    /// Plans one workflow, its deploy and its scheduler into `outcome`, each change in `group`.
    private func planWorkflow(
        _ resolved: ResolvedWorkflow, indexes: [String?: LiveIndex], state: StateSnapshot,
        addressOfApplication: [CanvasID: ApplicationAddress], desiredApplications: Set<ResourceAddress>, group: String,
        into outcome: inout WorkflowChunk
    ) {
        let first = outcome.changes.count
        defer {
            for change in first..<outcome.changes.count { outcome.changes[change].group = group }
        }
        let spec = resolved.spec
        let address = ResourceAddress(kind: Self.workflowKind, key: spec.key)
        let scheduleAddress = ResourceAddress(kind: Self.scheduleKind, key: spec.key)
        let account = indexes[spec.account] ?? nil
        let record = state.records[address.description]
        let match = identify(
            address: address, pinned: spec.id, record: record, exists: { account?.hasWorkflow($0) == true },
            named: { account?.workflowsNamed[spec.name.value] ?? [] }, name: spec.name, location: spec.location, diagnostics: &outcome.diagnostics
        )
        if let match {
            outcome.matches.append(match)
            if record?.id == match.rawValue { outcome.matchingRecords += 1 }
        }
        // (Read in place: its fields where they are needed, and the workflow is not copied.)
        let liveWorkflow = match.flatMap { account?.workflow($0) }
        // Variables and chain settings the state recorded for this very workflow exactly as the
        // manifest has them are equal on both sides: left out of both (an equal attribute adds
        // nothing to a diff), which spares describing them twice for almost every workflow.
        // (Told apart without a copy of the record.)
        let recordIsOwn = liveWorkflow != nil && record?.id == liveWorkflow?.id.rawValue
        let sameVariables = recordIsOwn && AttributeEncoding.isRecorded(spec.variables, in: record!)
        let sameChain = recordIsOwn && AttributeEncoding.isRecorded(spec.chain, in: record!)

        var dependencies = Set(resolved.slots.values.map { ResourceAddress(kind: Self.applicationKind, key: $0) })
        let liveSlots = liveWorkflow.map { currentSlots(of: $0, account: account, addresses: addressOfApplication) }
        // A workflow that uses an application on its way out (no longer in the manifests, or left
        // by a replace) is changed before that application is deleted: Canvas refuses to delete
        // an application a workflow uses.
        for used in liveSlots?.uses ?? [] where used.kind == Self.applicationKind && !desiredApplications.contains(used) {
            dependencies.insert(used)
        }
        let recordedProtect = Self.recordedProtect(record, id: match)

        let workflowChange: Change?
        if recordIsOwn, let live = liveWorkflow, let liveSlots,
           spec.variables.isEmpty || sameVariables, spec.chain.isEmpty || sameChain,
           isUnchanged(resolved, live: live, slots: liveSlots.slots, recordedProtect: recordedProtect, account: account) {
            // What `changeOfWorkflow` answers for it, told without describing either side.
            workflowChange = Change(address: address, action: .noop, id: live.id.rawValue, attributes: [], dependencies: dependencies)
        } else {
            workflowChange = changeOfWorkflow(
                resolved, address: address, record: record, match: match, live: liveWorkflow, liveSlots: liveSlots?.slots,
                dependencies: dependencies, recordIsOwn: recordIsOwn, sameVariables: sameVariables, sameChain: sameChain,
                recordedProtect: recordedProtect, account: account
            )
        }
        var workflowIsNew = liveWorkflow == nil
        if let change = workflowChange {
            checkProtect(change, protected: spec.protect, location: spec.location, diagnostics: &outcome.diagnostics)
            outcome.changes.append(change)
            // A replaced workflow is a new one: its scheduler starts off.
            workflowIsNew = workflowIsNew || change.action == .replace
        }

        // The workflow's name, as its deploy and its scheduler show it when they change (what the
        // workflow's own change shows, else the live name, else the manifest's).
        func workflowName() -> AttributeValue {
            if let name = workflowChange?.displayName { return name }
            if let live = liveWorkflow { return encoding.sourced(.string(live.name ?? ""), isSensitive: spec.name.isSensitive) }
            return encoding.string(spec.name)
        }

        // The deploy: after the workflow changes, or when the last one recorded did not happen.
        let deployAddress = ResourceAddress(kind: Self.deployKind, key: spec.key)
        if spec.deploy {
            let pending = record.map { $0.id == liveWorkflow?.id.rawValue && $0.attribute("deployed") == .bool(false) } ?? false
            let reason: String? = switch workflowChange?.action {
            case .create?: "\(address) is new"
            case .update? where !workflowChange!.isStateOnly: "\(address) changes"
            case .replace?: "\(address) is replaced"
            case .update?, .delete?, .noop?, nil: pending ? "the deploy after the last change of \(address) did not happen" : nil
            }
            if let reason {
                outcome.changes.append(Change(
                    address: deployAddress, action: .create,
                    attributes: [.init(name: "workflow", before: nil, after: .string(address.description))],
                    dependencies: [address], reason: reason, displayName: workflowName(), target: address
                ))
            }
        }

        // The scheduler: as the manifest says, or off when it says nothing. One that is off and is
        // to stay off is not worth a line in the plan, whatever its cron: the cron is sent, and
        // compared, once the scheduler is switched on.
        let wantsSchedule = spec.schedule?.enabled == true || (!workflowIsNew && liveWorkflow?.isScheduled == true)
        guard wantsSchedule else { return }
        var scheduleWanted: [String: AttributeValue] = ["enabled": .bool(spec.schedule?.enabled ?? false)]
        if let schedule = spec.schedule {
            scheduleWanted["cron"] = encoding.sourced(.string(schedule.cron.value.normalizedText), isSensitive: schedule.cron.isSensitive)
        }
        let scheduleCurrent = (workflowIsNew ? nil : liveWorkflow).map { live -> Resource in
            var fields: [String: AttributeValue] = ["enabled": .bool(live.isScheduled ?? false)]
            if scheduleWanted["cron"] != nil {
                let text = live.cronSchedule ?? ""
                // What the last apply sent (the manifest's text) needs no parse; anything else, such
                // as a cron changed in Canvas, is parsed.
                let cron = spec.schedule?.cron.value
                let normalized = text == cron?.text || text == cron?.normalizedText
                    ? cron?.normalizedText ?? text : (try? CronExpression(text))?.normalizedText ?? text
                fields["cron"] = spec.schedule?.cron.isSensitive == true
                    ? encoding.sourced(.string(normalized), isSensitive: true) : .string(normalized)
            }
            return Resource(address: scheduleAddress, id: live.id.rawValue, attributes: fields)
        }
        if let change = ResourceDiff.change(
            desired: Resource(address: scheduleAddress, attributes: scheduleWanted, dependencies: [address, deployAddress]),
            current: scheduleCurrent
        ) {
            guard change.action != .noop else {
                outcome.changes.append(change)
                return
            }
            let recordedSchedule: [String: AttributeValue]? = if !workflowIsNew, let record, record.id == match?.rawValue,
                case .object(let fields)? = record.attribute("schedule") { fields.mapValues(AttributeEncoding.attribute) } else { nil }
            var marked = DriftCheck.mark(change, current: scheduleCurrent, lastApplied: recordedSchedule, provider: "Canvas")
            // Compared as parsed, shown as written: the manifest's text after, the live text before.
            if let cron = spec.schedule?.cron, !cron.isSensitive, let index = marked.attributes.firstIndex(where: { $0.name == "cron" }) {
                marked.attributes[index].after = .string(cron.value.text)
                if marked.attributes[index].before != nil { marked.attributes[index].before = .string(liveWorkflow?.cronSchedule ?? "") }
            }
            marked.displayName = workflowName()
            outcome.changes.append(marked)
        }
    }

    /// The change of one workflow (not its deploy or scheduler), told by describing both sides as
    /// the reconciler's resources and diffing them.
    private func changeOfWorkflow(
        _ resolved: ResolvedWorkflow, address: ResourceAddress, record: StateRecord?, match: CanvasID?, live: LiveWorkflow?,
        liveSlots: [String: AttributeValue]?, dependencies: Set<ResourceAddress>, recordIsOwn: Bool, sameVariables: Bool,
        sameChain: Bool, recordedProtect: Bool, account: LiveIndex?
    ) -> Change? {
        let spec = resolved.spec
        // Room for every attribute at once: grown from the three given, the table was made three times.
        var attributes = [String: AttributeValue](minimumCapacity: 7)
        attributes["name"] = encoding.string(spec.name)
        attributes["template"] = .string(resolved.sharedTemplate.value.name ?? resolved.sharedTemplate.value.id.rawValue)
        attributes["applications"] = .map(resolved.slots.reduce(into: [:]) { $0[$1.key] = .string("application.\($1.value)") })
        if let description = spec.description { attributes["description"] = encoding.string(description) }
        if spec.protect || recordedProtect { attributes["protect"] = .bool(spec.protect) }
        if !spec.variables.isEmpty && !sameVariables {
            attributes["variables"] = .map(spec.variables.reduce(into: [:]) { fields, entry in
                fields[entry.key] = encoding.sourced(encoding.variable(entry.value.value), isSensitive: entry.value.isSensitive)
            })
        }
        if !spec.chain.isEmpty && !sameChain {
            attributes["chain"] = .map(spec.chain.reduce(into: [:]) { blocks, block in
                blocks[block.key] = .map(block.value.reduce(into: [:]) { fields, entry in
                    fields[entry.key] = encoding.sourced(encoding.chainVariable(entry.value.value), isSensitive: entry.value.isSensitive)
                })
            })
        }
        let wanted = Resource(address: address, attributes: attributes, dependencies: dependencies, protected: spec.protect)

        let current = live.map { live in
            var fields = [String: AttributeValue](minimumCapacity: attributes.count)
            // A name or description the manifest takes from a secret is one: the live one is
            // compared by fingerprint, never shown.
            fields["name"] = encoding.sourced(.string(live.name ?? ""), isSensitive: spec.name.isSensitive)
            fields["template"] = .string(live.workflowTemplateId.map { account?.templateNames[$0] ?? $0.rawValue } ?? "")
            fields["applications"] = .map(liveSlots ?? [:])
            // Only what the manifest manages is compared (see `limited`): left out here rather
            // than filtered out of a copy afterwards.
            if attributes["protect"] != nil { fields["protect"] = .bool(recordedProtect) }
            if let description = spec.description {
                fields["description"] = encoding.sourced(.string(live.description ?? ""), isSensitive: description.isSensitive)
            }
            if recordIsOwn, let record {
                if !sameVariables, let variables = recorded("variables", in: record) { fields["variables"] = variables }
                if !sameChain, let chain = recordedChain(record) { fields["chain"] = chain }
            }
            return Resource(address: address, id: live.id.rawValue, attributes: fields, dependencies: dependencies)
        }
        let compared = Self.limited(current, to: wanted)
        guard var change = ResourceDiff.change(desired: wanted, current: compared, immutable: ["template"]) else { return nil }
        guard change.action != .noop else { return change }
        change = DriftCheck.mark(
            change, current: compared, lastApplied: Self.lastApplied(record, match: match, ["name", "description", "template", "applications"]),
            provider: "Canvas"
        )
        change.displayName = Self.displayName(of: change, wanted: wanted, current: compared)
        // Variables and chain settings recorded as the manifest has them were left out of both
        // sides: unchanged too.
        if change.action == .update || change.action == .replace {
            change.unchangedAttributes += (sameVariables ? 1 : 0) + (sameChain ? 1 : 0)
        }
        return change
    }

    /// The name a change shows beside its address: the live one of what exists, the manifest's of
    /// what is created (a fingerprint, shown as (sensitive), when it is a secret).
    static func displayName(of change: Change, wanted: Resource, current: Resource?) -> AttributeValue? {
        change.action == .create ? wanted.attributes["name"] : current?.attributes["name"]
    }

    /// Whether a workflow that the state recorded, with its variables and chain as the manifest
    /// has them, is live as the manifest has the rest: what ``changeOfWorkflow`` would answer
    /// with a no-op, told field by field. (`CanvasPlannerTests` hold the two to the same plans.)
    private func isUnchanged(
        _ resolved: ResolvedWorkflow, live: LiveWorkflow, slots: [String: AttributeValue], recordedProtect: Bool, account: LiveIndex?
    ) -> Bool {
        let spec = resolved.spec
        guard !spec.name.isSensitive, spec.name.value == live.name ?? "", spec.protect == recordedProtect else { return false }
        if let description = spec.description {
            guard !description.isSensitive, description.value == live.description ?? "" else { return false }
        }
        // (Read in the shared template: `template` would copy it, every string of it retained.)
        let template = resolved.sharedTemplate.value.name ?? resolved.sharedTemplate.value.id.rawValue
        guard template == live.workflowTemplateId.map({ account?.templateNames[$0] ?? $0.rawValue }) ?? "" else { return false }
        guard slots.count == resolved.slots.count else { return false }
        for (slot, key) in resolved.slots {
            // Equal bytes are equal strings; anything else (even canonically equal text) is left to
            // the general path.
            guard case .string(let text)? = slots[slot], Self.spells(text, kind: Self.applicationKind, key: key) else { return false }
        }
        return true
    }

    /// Whether `text` is, byte for byte, the address `kind.key` (read through the strings' own
    /// buffers: their UTF-8 views are many times slower, and this runs for every slot).
    static func spells(_ text: String, kind: String, key: String) -> Bool {
        var text = text
        var kind = kind
        var key = key
        return text.withUTF8 { text in
            kind.withUTF8 { kind in
                key.withUTF8 { key in
                    guard text.count == kind.count + 1 + key.count, text[kind.count] == UInt8(ascii: ".") else { return false }
                    for index in 0..<kind.count where text[index] != kind[index] { return false }
                    for index in 0..<key.count where text[kind.count + 1 + index] != key[index] { return false }
                    return true
                }
            }
        }
    }

    // MARK: Identity

    /// The live id a manifest resource stands for: its pinned `id:`, else the one the state
    /// recorded (when it still exists), else the one live resource with its name. Several with the
    /// name are an error that lists them and suggests `id:`.
    private func identify(
        address: ResourceAddress, pinned: Sourced<String>?, record: StateRecord?, exists: (CanvasID) -> Bool, named: () -> [CanvasID],
        name: Sourced<String>, location: Mark, diagnostics: inout [Diagnostic]
    ) -> CanvasID? {
        if let pinned {
            guard let id = CanvasID(pinned.value), exists(id) else {
                diagnostics.append(Diagnostic("\(address) is pinned to id \(pinned.isSensitive ? "(sensitive)" : pinned.value), which does not exist in its account", at: pinned.location))
                return nil
            }
            return id
        }
        if let record, let id = CanvasID(record.id), exists(id) {
            return id
        }
        // Looked up only here: most resources are found by their record.
        let matches = named()
        if matches.count > 1 {
            let shown = name.isSensitive ? "(sensitive)" : "'\(name.value)'"
            diagnostics.append(Diagnostic(
                "\(matches.count) live \(address.kind)s are named \(shown) (ids \(matches.map(\.rawValue).sorted().joined(separator: ", "))); "
                    + "pin the one \(address) stands for with id:",
                at: location
            ))
            return nil
        }
        return matches.first
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

    /// The group of a plan's changes in an account: `account <id>`, or `default account` for
    /// documents without `account:`.
    static func groupLabel(_ account: String?) -> String {
        account.map { "account \($0)" } ?? "default account"
    }

    /// Whether the state records the resource `id` as protected.
    static func recordedProtect(_ record: StateRecord?, id: CanvasID?) -> Bool {
        guard let record, let id, record.id == id.rawValue else { return false }
        return record.attribute("protect") == .bool(true)
    }

    private func checkProtect(_ change: Change, protected: Bool, location: Mark, diagnostics: inout [Diagnostic]) {
        guard protected, change.action == .replace else { return }
        diagnostics.append(Diagnostic(
            "\(change.address) is protected (protect: true) but this plan would replace it (\(change.reason ?? "")); remove protect first if that is meant",
            at: location
        ))
    }

    /// Only what the manifest manages is compared: an attribute it leaves out (a credential it no
    /// longer lists, which the API cannot unset) is not a change.
    static func limited(_ current: Resource?, to wanted: Resource) -> Resource? {
        guard var current else { return nil }
        if current.attributes.keys.allSatisfy({ wanted.attributes[$0] != nil }) { return current }
        current.attributes = current.attributes.filter { wanted.attributes[$0.key] != nil }
        return current
    }

    private func protectedDelete(_ address: ResourceAddress) -> Diagnostic {
        Diagnostic(
            "\(address) is protected (protect: true when it was last applied) but is no longer in the manifests; put it back, or apply it with protect: false first",
            path: "state"
        )
    }

    // MARK: Reading live and recorded values

    /// A live workflow's slots: each of its registered applications is put in the template slot of
    /// its catalog application, and named by its managed address where it has one.
    private func currentSlots(
        of workflow: LiveWorkflow, account: LiveIndex?, addresses: [CanvasID: ApplicationAddress]
    ) -> (slots: [String: AttributeValue], uses: [ResourceAddress]) {
        let templateSlots = workflow.workflowTemplateId.flatMap { account?.slotNames[$0] }
        let ids = workflow.regApplicationIds ?? []
        var slots = [String: AttributeValue](minimumCapacity: ids.count)
        var uses: [ResourceAddress] = []
        uses.reserveCapacity(ids.count)
        for id in ids {
            let registered = account?.slotKeys[id]
            let slot = (registered.flatMap { templateSlots?[$0.catalog] } ?? nil) ?? registered?.shortName ?? id.rawValue
            if let managed = addresses[id] {
                slots[slot] = .string(managed.text)
                uses.append(managed.address)
            } else {
                slots[slot] = .string(id.rawValue)
            }
        }
        return (slots, uses)
    }

    /// The credentials the state recorded for application `id`. An application `export` adopted
    /// (`adoptedCredentials`) has none recorded: the manifest's values are taken as the live ones
    /// (Canvas cannot show them) until the next apply records them (``CanvasApplier/recordAdoptedCredentials()``).
    /// The live name of a resource to be deleted, as the plan shows it: by fingerprint when the
    /// last apply took it from a secret (the state keeps a fingerprint of it, not the name).
    private func recordedName(_ name: String?, _ record: StateRecord) -> AttributeValue {
        record.fingerprints["name"] == nil ? .string(name ?? "") : encoding.sourced(.string(name ?? ""), isSensitive: true)
    }

    private func recordedCredentials(_ record: StateRecord?, id: CanvasID, wanted: [String: AttributeValue]) -> [String: AttributeValue] {
        guard let record, record.id == id.rawValue else { return [:] }
        var fields = Dictionary(uniqueKeysWithValues: record.fingerprints.filter { $0.key.hasPrefix("credentials.") }.map {
            (String($0.key.dropFirst("credentials.".count)), AttributeValue.sensitive(fingerprint: $0.value))
        })
        if record.attribute(Self.adoptedCredentials) == .bool(true) {
            fields.merge(wanted) { recorded, _ in recorded }
        }
        return fields.isEmpty ? [:] : ["credentials": .map(fields)]
    }

    /// The state attribute `export` sets on an application whose credentials it could not read.
    static let adoptedCredentials = "adoptedCredentials"

    /// What the state recorded for the attribute `name`: its value in `attributes`, with the
    /// fingerprints of its sensitive members.
    private func recorded(_ name: String, in record: StateRecord) -> AttributeValue? {
        let prefix = name + "."
        var fields: [String: AttributeValue] = [:]
        if case .object(let values)? = record.attribute(name) {
            fields = values.mapValues(AttributeEncoding.attribute)
        }
        for (key, fingerprint) in record.fingerprints where key.hasPrefix(prefix) {
            fields[String(key.dropFirst(prefix.count))] = .sensitive(fingerprint: fingerprint)
        }
        return fields.isEmpty ? nil : .map(fields)
    }

    /// What the state recorded for `chain` (see ``recorded(_:in:)``).
    private func recordedChain(_ record: StateRecord) -> AttributeValue? {
        var blocks: [String: [String: AttributeValue]] = [:]
        if case .object(let values)? = record.attribute("chain") {
            for (block, value) in values {
                if case .object(let variables) = value { blocks[block] = variables.mapValues(AttributeEncoding.attribute) }
            }
        }
        for (key, fingerprint) in record.fingerprints where key.hasPrefix("chain.") {
            let parts = key.dropFirst("chain.".count).split(separator: ".", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            blocks[parts[0], default: [:]][parts[1]] = .sensitive(fingerprint: fingerprint)
        }
        return blocks.isEmpty ? nil : .map(blocks.mapValues { .map($0) })
    }
}

extension Change {
    /// An update of `protect` alone: the state records it, and nothing is sent to Canvas.
    var isStateOnly: Bool {
        action == .update && !attributes.isEmpty && attributes.allSatisfy { $0.name == "protect" }
    }
}
