import CanvasAPI
import CanvasEmulator
import CanvasProvider
import Foundation
import JSONSupport
import Manifest
import Reconciler
import StateStore
import Testing

/// A plan carried out through the API, and the plan after it: empty.
struct CanvasApplierTests {
    @Test("apply creates everything, records it, and the next plan has no changes")
    func applyThenPlan() async throws {
        let files = try DesiredStateResolverTests.Files(["set.yaml": CanvasPlannerTests.manifest])
        let statePath = files.directory + "/canvasctl.state.json"
        let emulator = try await CanvasEmulator.start(EmulatorConfiguration())
        defer { Task { await emulator.shutdown() } }
        let client = try CanvasClient(configuration: CanvasClientConfiguration(
            baseURL: emulator.baseURL, credentials: .keys(consumer: emulator.consumerKey, secret: emulator.secretKey)
        ))
        let fingerprinter = Fingerprinter(secret: emulator.secretKey)

        func planNow() async throws -> (Plan, DesiredState, [String?: LiveState]) {
            let set = try await ManifestLoader(environment: [:]).load([files.directory + "/set.yaml"])
            let live = try await LiveState.read(account: nil, client: client, templateReferences: Set(set.workflows.map(\.template.value)))
            let desired = try DesiredStateResolver.resolve(set, live: [nil: live])
            let state = try StateFile.open(path: statePath, holder: LockHolder.current(command: "test"))
            defer { state.close() }
            return (try CanvasPlanner(fingerprinter: fingerprinter).plan(desired: desired, live: [nil: live], state: state.snapshot), desired, [nil: live])
        }

        let (plan, desired, live) = try await planNow()
        #expect(plan.summary.create == 4)
        let state = try StateFile.open(path: statePath, holder: LockHolder.current(command: "test"))
        let applier = CanvasApplier(client: client, desired: desired, live: live, plan: plan, state: state, fingerprinter: fingerprinter)
        let engine = ApplyEngine(applier, record: { try state.record($0) }, remove: { try state.remove(key: $0) })
        let report = await ApplyExecutor(parallelism: 4).run(try PlanGraph(changes: plan.changes), perform: engine.perform)
        try state.commit()
        state.close()
        #expect(report.isSuccess, "\(report.failed)")

        let workflows = try await client.workflows()
        #expect(workflows.map(\.name) == ["Employee export"])
        #expect(workflows.first?.isScheduled == true)
        #expect(workflows.first?.schedulerFrequency?.cronSchedule == "0 0 2,6 ? * TUE *")
        #expect(Set(try await client.registeredApplications().map(\.tagText)) == ["Quinyx production", "ftp"])

        let (again, _, _) = try await planNow()
        #expect(!again.summary.hasChanges, "\(PlanRenderer().render(again, as: .text))")
        #expect(again.summary.unchanged == 4)

        // The state holds no secret.
        let stateText = try String(contentsOfFile: statePath, encoding: .utf8)
        for secret in ["k-0123456789", "pw-0123456789", emulator.secretKey] { #expect(!stateText.contains(secret)) }
    }
}

/// Changes after a first apply: a template change replaces the workflow, and the new one gets its
/// scheduler again.
struct CanvasApplierReplaceTests {
    static let manifest = """
        applications:
          quinyx: {app: Quinyx, credentials: {apikey: k-0123456789, environment: live}}
          ftp: {app: FTP Server, credentials: {address: ftp.example.com, port: 21, username: demo, password: pw-0123456789}}
        workflows:
          export:
            name: Employee export
            template: TEMPLATE
            applications: {QUIN: quinyx, FTP: ftp}
            schedule: {cron: "0 0 2 ? * MON-FRI", enabled: true}
        """

    @Test("changing a workflow's template replaces it: new one first, old one deleted, scheduler on again; then no changes")
    func templateChange() async throws {
        let loop = try await ApplyLoop(manifest: Self.manifest.replacingOccurrences(of: "TEMPLATE", with: "Demo workflow"))
        defer { loop.shutdown() }
        let (_, first) = try await loop.run()
        #expect(first?.isSuccess == true, "\(first?.failed ?? [:])")
        let before = try #require(try await loop.client.workflows().first)

        try loop.write(Self.manifest.replacingOccurrences(of: "TEMPLATE", with: "Quinyx Employee Export Into FTP(CSV)"))
        let (replace, report) = try await loop.run()
        #expect(report?.isSuccess == true, "\(report?.failed ?? [:])")
        #expect(replace.changes.filter { $0.action != .noop }.map { "\($0.action) \($0.address)" } == ["create schedule.export", "replace workflow.export"])

        let after = try await loop.client.workflows()
        #expect(after.count == 1)
        #expect(after.first?.id != before.id)
        #expect(after.first?.workflowTemplateId == CanvasID("bbe52876-aca2-4ece-ba31-11e0d98ddc19"))
        #expect(after.first?.isScheduled == true)
        let (again, _) = try await loop.run(apply: false)
        #expect(!again.summary.hasChanges, "\(PlanRenderer().render(again, as: .text))")
    }
}

/// A manifest file planned, and applied when asked, against one emulator and one state file: what
/// the tests of changes after a first apply are made of.
struct ApplyLoop {
    let path: String
    let statePath: String
    let emulator: RunningEmulator
    let client: CanvasClient
    let fingerprinter: Fingerprinter
    private let files: DesiredStateResolverTests.Files

    init(manifest: String) async throws {
        files = try DesiredStateResolverTests.Files(["set.yaml": manifest])
        path = files.directory + "/set.yaml"
        statePath = files.directory + "/canvasctl.state.json"
        emulator = try await CanvasEmulator.start(EmulatorConfiguration())
        client = try CanvasClient(configuration: CanvasClientConfiguration(
            baseURL: emulator.baseURL, credentials: .keys(consumer: emulator.consumerKey, secret: emulator.secretKey)
        ))
        fingerprinter = Fingerprinter(secret: emulator.secretKey)
    }

    func write(_ manifest: String) throws {
        try manifest.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func shutdown() {
        let emulator = emulator
        Task { await emulator.shutdown() }
    }

    /// Plans, and applies unless `apply` is false, failing the steps `failing` names; answers the
    /// plan and the report of the apply.
    func run(apply: Bool = true, failing: Set<PlanGraph.Step> = []) async throws -> (Plan, ApplyExecutor.Report?) {
        let set = try await ManifestLoader(environment: [:]).load([path])
        let live = try await LiveState.read(account: nil, client: client, templateReferences: Set(set.workflows.map(\.template.value)))
        let desired = try DesiredStateResolver.resolve(set, live: [nil: live])
        let state = try StateFile.open(path: statePath, holder: LockHolder.current(command: "test"))
        defer { state.close() }
        let plan = try CanvasPlanner(fingerprinter: fingerprinter).plan(desired: desired, live: [nil: live], state: state.snapshot)
        guard apply else { return (plan, nil) }
        let applier = CanvasApplier(client: client, desired: desired, live: [nil: live], plan: plan, state: state, fingerprinter: fingerprinter)
        let engine = ApplyEngine(applier, record: { try state.record($0) }, remove: { try state.remove(key: $0) })
        let report = await ApplyExecutor(parallelism: 4).run(try PlanGraph(changes: plan.changes)) { step, change in
            if failing.contains(step) { throw InjectedFailure() }
            try await engine.perform(step, change)
        }
        try state.commit()
        return (plan, report)
    }
}

struct InjectedFailure: Error {}

/// A replace whose second half (deleting the old instance) fails or never runs: the old instance
/// stays recorded under its own address, and the next plan deletes it.
struct CanvasApplierLeftoverTests {
    @Test("a replaced workflow whose deletion failed is deleted by the next apply, scheduler first, and then forgotten")
    func failedDeleteOfReplaced() async throws {
        let manifest = CanvasApplierReplaceTests.manifest
        let loop = try await ApplyLoop(manifest: manifest.replacingOccurrences(of: "TEMPLATE", with: "Demo workflow"))
        defer { loop.shutdown() }

        _ = try await loop.run()
        let old = try #require(try await loop.client.workflows().first)
        try loop.write(manifest.replacingOccurrences(of: "TEMPLATE", with: "Quinyx Employee Export Into FTP(CSV)"))
        let address = ResourceAddress(kind: "workflow", key: "export")
        let (_, failed) = try await loop.run(failing: [PlanGraph.Step(address, .destroy)])
        #expect(failed?.failed.keys.map(\.description) == ["workflow.export (delete)"])
        #expect(try await loop.client.workflows().count == 2, "the new workflow is made, the old one is still there")

        let leftover = "workflow.export~\(old.id.rawValue.prefix(8))"
        let recorded = try StateFile.read(path: loop.statePath).records
        #expect(recorded["canvas:" + leftover]?.id == old.id.rawValue)
        #expect(recorded["canvas:workflow.export"]?.id != old.id.rawValue)

        let (cleanup, report) = try await loop.run()
        #expect(cleanup.changes.filter { $0.action != .noop }.map { "\($0.action) \($0.address)" } == [
            "delete schedule.\(leftover.dropFirst("workflow.".count))", "delete \(leftover)",
        ])
        #expect(cleanup.changes.first { $0.address.description == leftover }?.reason == "left by the replace of workflow.export: its deletion did not happen")
        #expect(report?.isSuccess == true, "\(report?.failed ?? [:])")
        let remaining = try await loop.client.workflows()
        #expect(remaining.count == 1)
        #expect(remaining.first?.id != old.id)
        #expect(try StateFile.read(path: loop.statePath).records["canvas:" + leftover] == nil)
        let (again, _) = try await loop.run()
        #expect(!again.summary.hasChanges, "\(PlanRenderer().render(again, as: .text))")
    }
}
