import CanvasAPI
import Foundation
import JSONSupport
import Manifest
import OrderedCollections
import Reconciler
import StateStore
import YAML

/// The Canvas mapping the ``PlanningEngine`` plans with: registered applications and workflows
/// (with their schedulers) as the reconciler's resources, compared with what the state recorded
/// (see ``CanvasPlanner`` for what that is). Made for one plan: it holds the plan's manifests.
struct CanvasPlanningProvider: PlanningProvider {
    typealias ID = CanvasID
    typealias Scope = LiveIndex
    typealias Record = StateRecord
    typealias Location = Mark

    let desired: DesiredState
    let encoding: AttributeEncoding

    static let application = ResourceKind(name: CanvasPlanner.applicationKind, isReferenced: true)
    static let workflow = ResourceKind(name: CanvasPlanner.workflowKind, followUp: CanvasPlanner.deployKind)

    var vocabulary: ProviderVocabulary { CanvasPlanner.vocabulary }
    var kinds: [ResourceKind] { [Self.application, Self.workflow] }

    // MARK: Manifest resources

    func desiredCount(of kind: ResourceKind) -> Int {
        kind.name == CanvasPlanner.applicationKind ? desired.applications.count : desired.workflows.count
    }

    func identity(of kind: ResourceKind, at index: Int) -> DesiredIdentity<Mark> {
        if kind.name == CanvasPlanner.applicationKind {
            let spec = desired.applications[index].spec
            return DesiredIdentity(
                address: ResourceAddress(kind: kind.name, key: spec.key), scope: spec.account, pinned: spec.id.map(Self.pin),
                name: .init(spec.name.value, isSensitive: spec.name.isSensitive), location: spec.location, isProtected: spec.protect
            )
        }
        let spec = desired.workflows[index].spec
        return DesiredIdentity(
            address: ResourceAddress(kind: kind.name, key: spec.key), scope: spec.account, pinned: spec.id.map(Self.pin),
            name: .init(spec.name.value, isSensitive: spec.name.isSensitive), location: spec.location, isProtected: spec.protect,
            wantsFollowUp: spec.deploy
        )
    }

    private static func pin(_ id: Sourced<String>) -> (id: DesiredIdentity<Mark>.Text, location: Mark) {
        (.init(id.value, isSensitive: id.isSensitive), id.location)
    }

    func plan(_ kind: ResourceKind, at index: Int, input: ResourceInput<Self>, context: PlanningContext<CanvasID>) -> ResourcePlan {
        kind.name == CanvasPlanner.applicationKind
            ? planApplication(desired.applications[index], input: input)
            : planWorkflow(desired.workflows[index], input: input, context: context)
    }

    // MARK: Live resources

    func name(of scope: LiveIndex) -> String? {
        scope.state.account?.rawValue
    }

    func id(_ text: String) -> CanvasID? {
        CanvasID(text)
    }

    func exists(_ id: CanvasID, kind: ResourceKind, in scope: LiveIndex) -> Bool {
        kind.name == CanvasPlanner.applicationKind ? scope.registeredApplications.index(forKey: id) != nil : scope.hasWorkflow(id)
    }

    func ids(named name: String, kind: ResourceKind, in scope: LiveIndex) -> [CanvasID] {
        kind.name == CanvasPlanner.applicationKind ? scope.applicationsNamed[name] : scope.workflowsNamed[name]
    }

    func forEachLiveResource(in scope: LiveIndex, _ body: (String, CanvasID, String) -> Void) {
        // By position: a loop over the values would copy each.
        let applications = scope.state.registeredApplications
        for index in applications.indices {
            body(CanvasPlanner.applicationKind, applications[index].id, applications[index].tagText ?? "")
        }
        let workflows = scope.state.workflows
        for index in workflows.indices {
            body(CanvasPlanner.workflowKind, workflows[index].id, workflows[index].name ?? "")
        }
    }

    func deletion(of address: ResourceAddress, id: CanvasID, record: StateRecord, in scope: LiveIndex, context: PlanningContext<CanvasID>) -> [Change]? {
        switch address.kind {
        case CanvasPlanner.applicationKind:
            guard let application = scope.registeredApplications[id] else { return nil }
            let name = recordedName(application.tagText, record)
            return [Change(address: address, action: .delete, id: id.rawValue, attributes: [.init(name: "name", before: name, after: nil)], displayName: name)]
        case CanvasPlanner.workflowKind:
            guard let workflow = scope.workflow(id) else { return nil }
            let uses = Set(currentSlots(of: workflow, account: scope, context: context).uses)
            let name = recordedName(workflow.name, record)
            var changes: [Change] = []
            if workflow.isScheduled == true {
                changes.append(Change(
                    address: ResourceAddress(kind: CanvasPlanner.scheduleKind, key: address.key), action: .delete, id: id.rawValue,
                    attributes: [.init(name: "enabled", before: .bool(true), after: nil)],
                    dependencies: [address], reason: "its workflow is deleted", displayName: name
                ))
            }
            changes.append(Change(
                address: address, action: .delete, id: id.rawValue, attributes: [.init(name: "name", before: name, after: nil)],
                dependencies: uses, displayName: name
            ))
            return changes
        default:
            return nil
        }
    }

    // MARK: State records

    func recordKey(of address: ResourceAddress) -> String {
        StateRecord.key(provider: CanvasPlanner.stateProvider, address: address.description)
    }

    func recordedAddress(_ record: StateRecord) -> ResourceAddress? {
        record.provider == CanvasPlanner.stateProvider ? ResourceAddress(record.address) : nil
    }

    func recordedKind(_ record: StateRecord) -> String { record.provider == CanvasPlanner.stateProvider ? record.kind : "" }
    func recordedID(_ record: StateRecord) -> CanvasID? { record.provider == CanvasPlanner.stateProvider ? CanvasID(record.id) : nil }
    func recordedScope(_ record: StateRecord) -> String? { record.scope }
    func recordIsProtected(_ record: StateRecord) -> Bool { record.attribute(Change.protectAttribute) == .bool(true) }
    func followUpIsPending(_ record: StateRecord) -> Bool { record.attribute("deployed") == .bool(false) }

    // MARK: Applications

    /// The change of one application.
    func planApplication(_ resolved: ResolvedApplication, input: ResourceInput<Self>) -> ResourcePlan {
        let spec = resolved.spec
        let address = input.address
        let account = input.scope
        let record = input.record
        let match = input.match
        let recordedProtect = input.recordedProtect
        var attributes: [String: AttributeValue] = [
            "app": .string(resolved.catalogApplication.name ?? resolved.catalogApplication.id.rawValue),
            "name": encoding.string(spec.name),
        ]
        if spec.protect || recordedProtect { attributes[Change.protectAttribute] = .bool(spec.protect) }
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
            if attributes[Change.protectAttribute] != nil { fields[Change.protectAttribute] = .bool(recordedProtect) }
            for (name, value) in recordedCredentials(record, id: application.id, wanted: credentials) { fields[name] = value }
            return Resource(address: address, id: application.id.rawValue, attributes: fields)
        }
        let wanted = Resource(address: address, attributes: attributes, protected: spec.protect)
        let compared = CanvasPlanner.limited(current, to: wanted)
        if var change = ResourceDiff.change(desired: wanted, current: compared, immutable: ["app"]) {
            if change.action != .noop {
                change = DriftCheck.mark(
                    change, current: compared, lastApplied: CanvasPlanner.lastApplied(record, match: match, ["app", "name"]),
                    provider: CanvasPlanner.vocabulary.providerName
                )
                change.displayName = CanvasPlanner.displayName(of: change, wanted: wanted, current: compared)
            }
            return ResourcePlan(changes: [change])
        }
        return ResourcePlan(changes: [])
    }

    // MARK: Workflows

    /// The changes of one workflow and its scheduler (its deploy is the engine's follow-up).
    func planWorkflow(_ resolved: ResolvedWorkflow, input: ResourceInput<Self>, context: PlanningContext<CanvasID>) -> ResourcePlan {
        var changes: [Change] = []
        let spec = resolved.spec
        let address = input.address
        let scheduleAddress = ResourceAddress(kind: CanvasPlanner.scheduleKind, key: spec.key)
        let account = input.scope
        let record = input.record
        let match = input.match
        // (Read in place: its fields where they are needed, and the workflow is not copied.)
        let liveWorkflow = match.flatMap { account?.workflow($0) }
        let recordIsOwn = input.recordIsOwn

        var dependencies = Set(resolved.slots.values.map { ResourceAddress(kind: CanvasPlanner.applicationKind, key: $0) })
        let liveSlots = liveWorkflow.map { currentSlots(of: $0, account: account, context: context) }
        // A workflow that uses an application on its way out (no longer in the manifests, or left
        // by a replace) is changed before that application is deleted: Canvas refuses to delete
        // an application a workflow uses.
        for used in liveSlots?.uses ?? [] where used.kind == CanvasPlanner.applicationKind && !context.isDeclared(used) {
            dependencies.insert(used)
        }

        let workflowChange: Change?
        if recordIsOwn, let live = liveWorkflow, let liveSlots, let applied = record!.fingerprints[AppliedDigest.recordKey],
           applied == AppliedDigest.of(
               spec, template: AppliedDigest.templateName(resolved), slots: resolved.slots, readable: AppliedDigest.Readable(
                   name: live.name ?? "", description: spec.description == nil ? nil : live.description ?? "",
                   template: live.workflowTemplateId.map { account?.templateNames[$0] ?? $0.rawValue } ?? "", slots: liveSlots.slots
               ),
               fingerprinter: encoding.fingerprinter
           ) {
            // Neither the manifest nor the live workflow changed since the last apply: what
            // `changeOfWorkflow` would answer, told by one comparison.
            workflowChange = Change(address: address, action: .noop, id: live.id.rawValue, attributes: [], dependencies: dependencies)
        } else {
            workflowChange = changeOfWorkflow(
                resolved, address: address, record: record, match: match, live: liveWorkflow, liveSlots: liveSlots?.slots,
                dependencies: dependencies, recordIsOwn: recordIsOwn, recordedProtect: input.recordedProtect, account: account
            )
        }
        var workflowIsNew = liveWorkflow == nil
        if let change = workflowChange {
            changes.append(change)
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

        let deployAddress = ResourceAddress(kind: CanvasPlanner.deployKind, key: spec.key)
        // The scheduler: as the manifest says, or off when it says nothing. One that is off and is
        // to stay off is not worth a line in the plan, whatever its cron: the cron is sent, and
        // compared, once the scheduler is switched on.
        let wantsSchedule = spec.schedule?.enabled == true || (!workflowIsNew && liveWorkflow?.isScheduled == true)
        guard wantsSchedule else { return ResourcePlan(changes: changes, displayName: workflowName()) }
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
                changes.append(change)
                return ResourcePlan(changes: changes, displayName: workflowName())
            }
            let recordedSchedule: [String: AttributeValue]? = if !workflowIsNew, let record, record.id == match?.rawValue,
                case .object(let fields)? = record.attribute("schedule") { fields.mapValues(AttributeEncoding.attribute) } else { nil }
            var marked = DriftCheck.mark(change, current: scheduleCurrent, lastApplied: recordedSchedule, provider: CanvasPlanner.vocabulary.providerName)
            // Compared as parsed, shown as written: the manifest's text after, the live text before.
            if let cron = spec.schedule?.cron, !cron.isSensitive, let index = marked.attributes.firstIndex(where: { $0.name == "cron" }) {
                marked.attributes[index].after = .string(cron.value.text)
                if marked.attributes[index].before != nil { marked.attributes[index].before = .string(liveWorkflow?.cronSchedule ?? "") }
            }
            marked.displayName = workflowName()
            changes.append(marked)
        }
        return ResourcePlan(changes: changes, displayName: workflowName())
    }

    /// The change of one workflow (not its deploy or scheduler), told by describing both sides as
    /// the reconciler's resources and diffing them.
    func changeOfWorkflow(
        _ resolved: ResolvedWorkflow, address: ResourceAddress, record: StateRecord?, match: CanvasID?, live: LiveWorkflow?,
        liveSlots: [String: String]?, dependencies: Set<ResourceAddress>, recordIsOwn: Bool, recordedProtect: Bool, account: LiveIndex?
    ) -> Change? {
        let spec = resolved.spec
        // Room for every attribute at once: grown from the three given, the table was made three times.
        var attributes = [String: AttributeValue](minimumCapacity: 7)
        attributes["name"] = encoding.string(spec.name)
        attributes["template"] = .string(resolved.sharedTemplate.value.name ?? resolved.sharedTemplate.value.id.rawValue)
        attributes["applications"] = .map(resolved.slots.reduce(into: [:]) { $0[$1.key] = .string("application.\($1.value)") })
        if let description = spec.description { attributes["description"] = encoding.string(description) }
        if spec.protect || recordedProtect { attributes[Change.protectAttribute] = .bool(spec.protect) }
        if !spec.variables.isEmpty {
            attributes["variables"] = .map(spec.variables.reduce(into: [:]) { fields, entry in
                fields[entry.key] = encoding.sourced(encoding.variable(entry.value.value), isSensitive: entry.value.isSensitive)
            })
        }
        if !spec.chain.isEmpty {
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
            fields["applications"] = .map((liveSlots ?? [:]).mapValues(AttributeValue.string))
            // Only what the manifest manages is compared (see `limited`): left out here rather
            // than filtered out of a copy afterwards.
            if attributes[Change.protectAttribute] != nil { fields[Change.protectAttribute] = .bool(recordedProtect) }
            if let description = spec.description {
                fields["description"] = encoding.sourced(.string(live.description ?? ""), isSensitive: description.isSensitive)
            }
            if recordIsOwn, let record {
                if let variables = recorded("variables", in: record) { fields["variables"] = variables }
                if let chain = recordedChain(record) { fields["chain"] = chain }
            }
            return Resource(address: address, id: live.id.rawValue, attributes: fields, dependencies: dependencies)
        }
        let compared = CanvasPlanner.limited(current, to: wanted)
        guard var change = ResourceDiff.change(desired: wanted, current: compared, immutable: ["template"]) else { return nil }
        guard change.action != .noop else { return change }
        change = DriftCheck.mark(
            change, current: compared, lastApplied: CanvasPlanner.lastApplied(record, match: match, ["name", "description", "template", "applications"]),
            provider: CanvasPlanner.vocabulary.providerName
        )
        change.displayName = CanvasPlanner.displayName(of: change, wanted: wanted, current: compared)
        return change
    }

    // MARK: Reading live and recorded values

    /// A live workflow's slots: each of its registered applications is put in the template slot of
    /// its catalog application, and named by its managed address where it has one.
    private func currentSlots(
        of workflow: LiveWorkflow, account: LiveIndex?, context: PlanningContext<CanvasID>
    ) -> (slots: [String: String], uses: [ResourceAddress]) {
        let templateSlots = workflow.workflowTemplateId.flatMap { account?.slotNames[$0] }
        let ids = workflow.regApplicationIds ?? []
        var slots = [String: String](minimumCapacity: ids.count)
        var uses: [ResourceAddress] = []
        uses.reserveCapacity(ids.count)
        for id in ids {
            let registered = account?.slotKeys[id]
            let slot = (registered.flatMap { templateSlots?[$0.catalog] } ?? nil) ?? registered?.shortName ?? id.rawValue
            if let managed = context.managedAddress(of: id) {
                slots[slot] = managed.text
                uses.append(managed.address)
            } else {
                slots[slot] = id.rawValue
            }
        }
        return (slots, uses)
    }

    /// The live name of a resource to be deleted, as the plan shows it: by fingerprint when the
    /// last apply took it from a secret (the state keeps a fingerprint of it, not the name).
    private func recordedName(_ name: String?, _ record: StateRecord) -> AttributeValue {
        record.fingerprints["name"] == nil ? .string(name ?? "") : encoding.sourced(.string(name ?? ""), isSensitive: true)
    }

    /// The credentials the state recorded for application `id`. An application `export` adopted
    /// (`adoptedCredentials`) has none recorded: the manifest's values are taken as the live ones
    /// (Canvas cannot show them) until the next apply records them (``CanvasApplier/recordAdoptedCredentials()``).
    private func recordedCredentials(_ record: StateRecord?, id: CanvasID, wanted: [String: AttributeValue]) -> [String: AttributeValue] {
        guard let record, record.id == id.rawValue else { return [:] }
        var fields = Dictionary(uniqueKeysWithValues: record.fingerprints.filter { $0.key.hasPrefix("credentials.") }.map {
            (String($0.key.dropFirst("credentials.".count)), AttributeValue.sensitive(fingerprint: $0.value))
        })
        if record.attribute(CanvasPlanner.adoptedCredentials) == .bool(true) {
            fields.merge(wanted) { recorded, _ in recorded }
        }
        return fields.isEmpty ? [:] : ["credentials": .map(fields)]
    }

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
