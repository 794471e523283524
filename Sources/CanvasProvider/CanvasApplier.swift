public import CanvasAPI
import Foundation
import JSONSupport
import OrderedCollections
import Manifest
public import Reconciler
public import StateStore
import YAML

/// Canvas as the apply engine's provider (``Reconciler/ApplyEngine``): carries out each step of a
/// plan through the Canvas API and answers the state record it leaves, which the engine records as
/// soon as the step succeeds, so that a run killed at any point is picked up by the next (see
/// ``CanvasPlanner`` for what the state records).
///
/// Steps run in parallel (``ApplyExecutor``); the ids of resources created in this run are shared
/// through ``LiveIDs`` so that a workflow created after its applications fills its slots with
/// their new ids.
public struct CanvasApplier: ApplyingProvider {
    let client: CanvasClient
    let applications: [String: ResolvedApplication]
    let workflows: [String: ResolvedWorkflow]
    /// The live workflows of every account by id (ids are unique across accounts).
    let liveWorkflows: [CanvasID: Workflow]
    let state: any StateSession
    let records: StateRecordBuilder
    let ids: LiveIDs
    /// The ManagedAccountId of manifest documents without `account:`; nil for the keys' own account.
    let defaultAccount: CanvasID?

    public init(
        client: CanvasClient, desired: DesiredState, live: [String?: LiveState], plan: Plan, state: any StateSession, fingerprinter: Fingerprinter,
        defaultAccount: CanvasID? = nil
    ) {
        self.client = client
        self.defaultAccount = defaultAccount
        self.applications = Dictionary(desired.applications.map { ($0.spec.key, $0) }, uniquingKeysWith: { first, _ in first })
        self.workflows = Dictionary(desired.workflows.map { ($0.spec.key, $0) }, uniquingKeysWith: { first, _ in first })
        var workflows: [CanvasID: Workflow] = [:]
        for state in live.values {
            for workflow in state.workflows { workflows[workflow.id] = workflow }
        }
        self.liveWorkflows = workflows
        self.state = state
        self.records = StateRecordBuilder(fingerprinter: fingerprinter)
        var known: [ResourceAddress: CanvasID] = [:]
        for change in plan.changes where change.action != .create && change.action != .replace {
            if let id = change.id.flatMap({ CanvasID($0) }) { known[change.address] = id }
        }
        self.ids = LiveIDs(known)
    }

    /// An error of the applier itself (the API's errors pass through as they are).
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public func perform(_ step: PlanGraph.Step, _ change: Change) async throws -> [StateRecord] {
        let address = change.address
        switch (address.kind, step.phase) {
        case (CanvasPlanner.applicationKind, .apply):
            return [try await applyApplication(change)]
        case (CanvasPlanner.workflowKind, .apply):
            return [try await applyWorkflow(change)]
        case (CanvasPlanner.scheduleKind, .apply):
            return try await applySchedule(change).map { [$0] } ?? []
        case (CanvasPlanner.deployKind, .apply):
            return try await deploy(change).map { [$0] } ?? []
        case (CanvasPlanner.applicationKind, .destroy):
            guard let id = change.id.flatMap({ CanvasID($0) }) else { return [] }
            try await alreadyGoneIsDone { try await client.deleteRegisteredApplication(id, account: account(of: change)) }
            return []
        case (CanvasPlanner.workflowKind, .destroy):
            guard let id = change.id.flatMap({ CanvasID($0) }) else { return [] }
            try await alreadyGoneIsDone { try await client.deleteWorkflow(id, account: account(of: change)) }
            return []
        case (CanvasPlanner.scheduleKind, .destroy):
            guard let id = change.id.flatMap({ CanvasID($0) }) else { return [] }
            let current = liveWorkflows[id]?.schedulerFrequency ?? SchedulerFrequency(cronSchedule: "0 0 * ? * *")
            try await alreadyGoneIsDone {
                _ = try await client.updateScheduler(
                    UpdateWorkfowSchedulerApiDto(workflowId: id, isScheduled: false, scheduleFrequency: current), account: account(of: change)
                )
            }
            return []
        default:
            throw Failure(description: "\(address): no provider for this kind of resource")
        }
    }

    // MARK: Applications

    private func applyApplication(_ change: Change) async throws -> StateRecord {
        guard let resolved = applications[change.address.key] else { throw Failure(description: "\(change.address) is not in the manifests") }
        let spec = resolved.spec
        let account = (spec.account.flatMap({ CanvasID($0) }) ?? defaultAccount)
        let credentials = spec.credentials.reduce(into: [String: JSONValue]()) { $0[$1.key] = json($1.value.value) }
        let id: CanvasID
        if change.isStateOnly, let existing = change.id.flatMap({ CanvasID($0) }) {
            id = existing
        } else if change.action == .update, let existing = change.id.flatMap({ CanvasID($0) }) {
            try await client.updateRegisteredApplication(
                existing, EditRegApplicationApiDto(tagText: spec.name.value, credentials: credentials.isEmpty ? nil : credentials), account: account
            )
            id = existing
        } else {
            id = try await client.createRegisteredApplication(
                AddRegApplicationApiDto(applicationId: resolved.catalogApplication.id, tagText: spec.name.value, credentials: credentials),
                account: account
            )
        }
        await ids.set(change.address, id)
        return records.application(resolved, id: id, appliedAt: Self.now())
    }

    /// Records the credentials of applications `export` adopted (whose values Canvas cannot show)
    /// as the manifests have them, without sending them: from then on a changed credential is a
    /// change. Called at the end of every apply, changes or not; answers how many were recorded.
    public func recordAdoptedCredentials() async throws -> Int {
        let snapshot = state.snapshot
        var count = 0
        for resolved in applications.values.sorted(by: { $0.spec.key < $1.spec.key }) {
            let address = "\(CanvasPlanner.applicationKind).\(resolved.spec.key)"
            guard let record = snapshot.record(provider: CanvasPlanner.stateProvider, address: address), record.attribute(CanvasPlanner.adoptedCredentials) == .bool(true),
                  let id = CanvasID(record.id) else { continue }
            try await state.record(records.application(resolved, id: id, appliedAt: Self.now()))
            count += 1
        }
        return count
    }

    /// Records the digest later plans compare (``AppliedDigest``) for the workflows `plan` found
    /// unchanged whose records lack it (written by an older canvasctl), keeping everything else
    /// they recorded: from then on they are told unchanged by one comparison. Nothing is sent.
    /// Called at the end of every apply; answers how many were recorded.
    public func recordMissingDigests(unchangedIn plan: Plan) async throws -> Int {
        let snapshot = state.snapshot
        var count = 0
        for change in plan.changes where change.action == .noop && change.address.kind == CanvasPlanner.workflowKind {
            guard let resolved = workflows[change.address.key], let id = change.id.flatMap({ CanvasID($0) }),
                  let previous = snapshot.record(provider: CanvasPlanner.stateProvider, address: change.address.description),
                  previous.id == id.rawValue, previous.fingerprints[AppliedDigest.recordKey] == nil else { continue }
            let deployed: Bool? = if case .bool(let flag)? = previous.attribute("deployed") { flag } else { nil }
            var record = records.workflow(resolved, id: id, deployed: deployed, appliedAt: previous.appliedAt)
            if let schedule = previous.attribute("schedule") { record.attributes["schedule"] = schedule }
            try await state.record(record)
            count += 1
        }
        return count
    }

    // MARK: Workflows

    private func applyWorkflow(_ change: Change) async throws -> StateRecord {
        guard let resolved = workflows[change.address.key] else { throw Failure(description: "\(change.address) is not in the manifests") }
        let spec = resolved.spec
        let account = (spec.account.flatMap({ CanvasID($0) }) ?? defaultAccount)
        var slots: [String: CanvasID] = [:]
        for (slot, key) in resolved.slots {
            guard let id = await ids.get(ResourceAddress(kind: CanvasPlanner.applicationKind, key: key)) else {
                throw Failure(description: "\(change.address): application.\(key) has no id yet")
            }
            slots[slot] = id
        }
        let variables = spec.variables.isEmpty ? nil : spec.variables.reduce(into: [String: JSONValue]()) { $0[$1.key] = json($1.value.value) }
        let chain = spec.chain.isEmpty ? nil : spec.chain.compactMap { entry -> ChainApiDto? in
            guard let block = resolved.template.chain?.first(where: {
                $0.blockName == entry.key || $0.uniqueBlockId.rawValue == entry.key.lowercased()
            }) else { return nil }
            return ChainApiDto(uniqueBlockId: block.uniqueBlockId, blockName: block.blockName, variables: entry.value.reduce(into: [:]) {
                let setting = $1.value.value
                $0[$1.key] = ChainVariableApiDto(variableSource: setting.variableSource, variableName: setting.variableName, value: setting.value.map(json))
            })
        }
        let id: CanvasID
        if change.isStateOnly, let existing = change.id.flatMap({ CanvasID($0) }) {
            // Only `protect` changes: the state records it; Canvas has nothing to change.
            await ids.set(change.address, existing)
            let previous = state.snapshot.record(provider: CanvasPlanner.stateProvider, address: change.address.description)?.attribute("deployed")
            let deployed: Bool? = spec.deploy ? (previous == .bool(false) ? false : true) : nil
            return records.workflow(resolved, id: existing, deployed: deployed, appliedAt: Self.now())
        } else if change.action == .update, let existing = change.id.flatMap({ CanvasID($0) }) {
            try await client.updateWorkflow(existing, EditWorkflowApiDto(
                name: spec.name.value, description: spec.description?.value, applications: slots, chain: chain, variables: variables
            ), account: account)
            id = existing
        } else {
            id = try await client.createWorkflow(AddWorkflowApiDto(
                workflowTemplateId: resolved.template.id, name: spec.name.value, description: spec.description?.value,
                applications: slots, chain: chain, variables: variables
            ), account: account)
        }
        await ids.set(change.address, id)
        // With deploy: true the workflow is recorded as not deployed until its deploy step says
        // otherwise, so that a deploy lost to a failure or a kill is planned again.
        var record = records.workflow(resolved, id: id, deployed: spec.deploy ? false : nil, appliedAt: Self.now())
        // The scheduler's last applied settings stay until its own step records new ones.
        if let previous = state.snapshot.record(provider: CanvasPlanner.stateProvider, address: change.address.description), previous.id == id.rawValue,
           let schedule = previous.attribute("schedule") {
            record.attributes["schedule"] = schedule
        }
        return record
    }

    private func deploy(_ change: Change) async throws -> StateRecord? {
        guard workflows[change.address.key] != nil else { throw Failure(description: "\(change.address) is not in the manifests") }
        let workflowAddress = ResourceAddress(kind: CanvasPlanner.workflowKind, key: change.address.key)
        guard let id = await ids.get(workflowAddress) else {
            throw Failure(description: "\(change.address): \(workflowAddress) has no id yet")
        }
        try await client.deployWorkflow(id, account: account(of: change))
        return updatedRecord(of: workflowAddress, id: id) { $0["deployed"] = .bool(true) }
    }

    /// The record that keeps the instance a replace of `address` supersedes, with its name and
    /// account, until the replace deletes it (``Reconciler/StepBookkeeping``).
    public func superseded(_ address: ResourceAddress, id: String, keptAt: ResourceAddress) -> StateRecord {
        let previous = state.snapshot.record(provider: CanvasPlanner.stateProvider, address: address.description)
        let declared = address.kind == CanvasPlanner.applicationKind ? applications[address.key]?.spec.account : workflows[address.key]?.spec.account
        return StateRecord(
            address: keptAt.description, kind: address.kind, provider: CanvasPlanner.stateProvider,
            scope: previous?.scope ?? declared, id: id, attributes: previous?.attribute("name").map { ["name": $0] } ?? [:],
            appliedAt: Self.now()
        )
    }

    public func recordKey(of address: ResourceAddress) -> String {
        StateRecord.key(provider: CanvasPlanner.stateProvider, address: address.description)
    }

    /// The state record at `address` with its attributes changed, when it records the resource `id`.
    private func updatedRecord(of address: ResourceAddress, id: CanvasID, _ update: (inout [String: StateValue]) -> Void) -> StateRecord? {
        guard var record = state.snapshot.record(provider: CanvasPlanner.stateProvider, address: address.description), record.id == id.rawValue else {
            return nil
        }
        update(&record.attributes)
        record.appliedAt = Self.now()
        return record
    }

    // MARK: Schedules

    private func applySchedule(_ change: Change) async throws -> StateRecord? {
        guard let resolved = workflows[change.address.key] else { throw Failure(description: "\(change.address) is not in the manifests") }
        let spec = resolved.spec
        let account = (spec.account.flatMap({ CanvasID($0) }) ?? defaultAccount)
        guard let id = await ids.get(ResourceAddress(kind: CanvasPlanner.workflowKind, key: spec.key)) else {
            throw Failure(description: "\(change.address): workflow.\(spec.key) has no id yet")
        }
        let frequency = spec.schedule.map { SchedulerFrequency(cronSchedule: $0.cron.value.text) }
            ?? liveWorkflows[id]?.schedulerFrequency ?? SchedulerFrequency(cronSchedule: "0 0 * ? * *")
        let enabled = spec.schedule?.enabled ?? false
        _ = try await client.updateScheduler(
            UpdateWorkfowSchedulerApiDto(workflowId: id, isScheduled: enabled, scheduleFrequency: frequency), account: account
        )
        // Recorded for drift detection: the scheduler as applied.
        return updatedRecord(of: ResourceAddress(kind: CanvasPlanner.workflowKind, key: spec.key), id: id) {
            $0["schedule"] = StateRecordBuilder.schedule(enabled: enabled, cron: spec.schedule?.cron)
        }
    }

    // MARK: Helpers

    /// The account `change`'s calls go to (nil: the keys' own).
    public func account(of change: Change) -> CanvasID? {
        let declared = change.address.kind == CanvasPlanner.applicationKind
            ? applications[change.address.key]?.spec.account
            : workflows[change.address.key]?.spec.account
        let inManifests = change.address.kind == CanvasPlanner.applicationKind
            ? applications[change.address.key] != nil
            : workflows[change.address.key] != nil
        guard inManifests else { return recordedAccount(change) }
        return declared.flatMap({ CanvasID($0) }) ?? defaultAccount
    }

    private func recordedAccount(_ change: Change) -> CanvasID? {
        let address = change.address.kind == CanvasPlanner.scheduleKind || change.address.kind == CanvasPlanner.deployKind
            ? "\(CanvasPlanner.workflowKind).\(change.address.key)" : change.address.description
        guard let record = state.snapshot.record(provider: CanvasPlanner.stateProvider, address: address) else { return defaultAccount }
        return record.scope.flatMap({ CanvasID($0) }) ?? defaultAccount
    }

    /// A delete that finds nothing left to delete has nothing left to do.
    private func alreadyGoneIsDone(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as CanvasAPIError where error.status == 500 && error.message.hasPrefix("Undeclared") {
            return
        }
    }

    /// A manifest value as the API's JSON: its attribute form (``AttributeEncoding``), as JSON.
    private func json(_ value: ScalarValue) -> JSONValue {
        AttributeEncoding.json(records.encoding.scalar(value))
    }

    private func json(_ value: VariableValue) -> JSONValue {
        AttributeEncoding.json(records.encoding.variable(value))
    }

    static func now() -> String {
        // ISO8601FormatStyle, not a new ISO8601DateFormatter per record: that cost more than a call.
        Date().formatted(.iso8601)
    }
}

/// The live ids of this run's resources, shared by the steps running in parallel.
actor LiveIDs {
    private var ids: [ResourceAddress: CanvasID]

    init(_ ids: [ResourceAddress: CanvasID]) {
        self.ids = ids
    }

    func get(_ address: ResourceAddress) -> CanvasID? { ids[address] }
    func set(_ address: ResourceAddress, _ id: CanvasID) { ids[address] = id }
}
