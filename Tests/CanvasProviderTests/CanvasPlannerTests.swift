import CanvasAPI
import CanvasEmulator
import CanvasProvider
import Foundation
import JSONSupport
import Manifest
import Reconciler
import StateStore
import Testing

/// Plans for manifests against an emulator account: creates on an empty account, adoption by name,
/// deletes of what the state knows, identity errors, protect.
struct CanvasPlannerTests {
    static let fingerprinter = Fingerprinter(secret: "test-secret")

    /// An emulator with a client; `prepare` populates it through the API before the plan.
    /// `prepare` may answer the state to plan with (it knows the ids it made); empty otherwise.
    static func plan(
        manifest: String,
        prepare: (CanvasClient) async throws -> StateSnapshot? = { _ in nil }
    ) async throws -> Result<Plan, ManifestErrors> {
        let files = try DesiredStateResolverTests.Files(["set.yaml": manifest])
        let set = try await ManifestLoader(environment: [:]).load([files.directory])
        let emulator = try await CanvasEmulator.start(EmulatorConfiguration())
        defer { Task { await emulator.shutdown() } }
        let client = try CanvasClient(configuration: CanvasClientConfiguration(
            baseURL: emulator.baseURL, credentials: .keys(consumer: emulator.consumerKey, secret: emulator.secretKey)
        ))
        let state = try await prepare(client) ?? StateSnapshot(records: [:])
        let live = try await LiveState.read(account: nil, client: client, templateReferences: Set(set.workflows.map(\.template.value)))
        let desired = try DesiredStateResolver.resolve(set, live: [nil: live])
        do throws(ManifestErrors) {
            return .success(try CanvasPlanner(fingerprinter: fingerprinter).plan(desired: desired, live: [nil: live], state: state))
        } catch {
            return .failure(error)
        }
    }

    static let quinyx = CanvasID("97cbc3b3-32c7-4e4a-b788-a332ea82aeff")!
    static let ftp = CanvasID("5f814909-01ea-4395-96ee-5ba7614128fc")!
    static let demo = CanvasID("c35de990-ccfa-4aab-966e-96e0b3044d71")!

    static let manifest = """
        applications:
          quinyx:
            app: Quinyx
            name: Quinyx production
            credentials: {apikey: k-0123456789, environment: live}
          ftp:
            app: FTP Server
            credentials: {address: ftp.example.com, port: 21, username: demo, password: pw-0123456789}
        workflows:
          export:
            name: Employee export
            template: Demo workflow
            applications: {QUIN: quinyx, FTP: ftp}
            variables:
              amountToObtainWfQ: "10"
              locationsMapping: {table: [{source: Oslo, target: OSL}], default: null}
            schedule: {cron: "0 0 2,6 ? * TUE *", enabled: true}
        """

    @Test("format-1 state records, which name no provider, are read as Canvas's")
    func formatOneRecordsAreCanvas() {
        #expect(StateSnapshot.formatOneProvider == CanvasPlanner.stateProvider)
    }

    @Test("on an empty account everything is created, applications before the workflow before its schedule")
    func creates() async throws {
        let plan = try await Self.plan(manifest: Self.manifest).get()
        #expect(plan.changes.map { "\($0.action) \($0.address)" } == [
            "create application.ftp", "create application.quinyx", "create schedule.export", "create workflow.export",
        ])
        #expect(plan.summary.create == 4)
        let graph = try PlanGraph(changes: plan.changes)
        #expect(graph.order.map(\.description) == ["application.ftp", "application.quinyx", "workflow.export", "schedule.export"])
        let text = PlanRenderer().render(plan, as: .text)
        #expect(text.contains("+ credentials = {apikey: (sensitive), environment: (sensitive)}"))
        #expect(text.contains("+ cron    = \"0 0 2,6 ? * TUE *\""), "the cron as the manifest writes it: \(text)")
        for secret in ["k-0123456789", "pw-0123456789"] { #expect(!text.contains(secret)) }
        #expect(text.hasSuffix("Plan: 4 to add, 0 to change, 0 to replace, 0 to destroy.\n"))
    }

    @Test("live resources with the manifest's names are adopted; credentials unknown to the state are sent again; others are unmanaged")
    func adoption() async throws {
        var ids: [String: CanvasID] = [:]
        let plan = try await Self.plan(manifest: Self.manifest) { client in
            ids["quinyx"] = try await client.createRegisteredApplication(AddRegApplicationApiDto(
                applicationId: Self.quinyx, tagText: "Quinyx production", credentials: ["apikey": "other", "environment": "live"]))
            ids["ftp"] = try await client.createRegisteredApplication(AddRegApplicationApiDto(
                applicationId: Self.ftp, tagText: "ftp", credentials: ["address": "a", "port": 21, "username": "u", "password": "p"]))
            ids["stray"] = try await client.createRegisteredApplication(AddRegApplicationApiDto(
                applicationId: Self.quinyx, tagText: "Somebody else's", credentials: ["apikey": "x", "environment": "test"]))
            let workflow = try await client.createWorkflow(AddWorkflowApiDto(
                workflowTemplateId: Self.demo, name: "Employee export", applications: ["QUIN": ids["quinyx"]!, "FTP": ids["ftp"]!]))
            ids["export"] = workflow
            return nil
        }.get()
        let byAddress = Dictionary(uniqueKeysWithValues: plan.changes.map { ($0.address.description, $0) })
        #expect(byAddress["application.quinyx"]?.action == .update)
        #expect(byAddress["application.quinyx"]?.id == ids["quinyx"]?.rawValue)
        #expect(byAddress["application.quinyx"]?.attributes.map(\.name) == ["credentials"])
        #expect(byAddress["workflow.export"]?.action == .update)
        #expect(byAddress["workflow.export"]?.attributes.map(\.name) == ["variables"], "slots match; the variables were never recorded")
        #expect(byAddress["workflow.export"]?.displayName == .string("Employee export"), "the live name, for the plan to show")
        #expect(byAddress["workflow.export"]?.unchangedAttributes == 3, "name, template and applications are as the manifest has them")
        #expect(byAddress["application.quinyx"]?.displayName == .string("Quinyx production"))
        #expect(byAddress["application.quinyx"]?.unchangedAttributes == 2, "app and name")
        #expect(byAddress["schedule.export"]?.action == .update)
        #expect(plan.unmanaged.map(\.name) == ["Somebody else's"])
        #expect(plan.summary.create == 0)
    }

    @Test("what the state knows and the manifests do not is deleted: scheduler off, then the workflow, then the application")
    func deletes() async throws {
        let plan = try await Self.plan(manifest: "applications: {}\n") { client in
            var state = StateSnapshot(records: [:])
            let app = try await client.createRegisteredApplication(AddRegApplicationApiDto(
                applicationId: Self.quinyx, tagText: "Old", credentials: ["apikey": "x", "environment": "test"]))
            let ftpApp = try await client.createRegisteredApplication(AddRegApplicationApiDto(
                applicationId: Self.ftp, tagText: "Old FTP", credentials: ["address": "a", "port": 21, "username": "u", "password": "p"]))
            let workflow = try await client.createWorkflow(AddWorkflowApiDto(
                workflowTemplateId: Self.demo, name: "Old export", applications: ["QUIN": app, "FTP": ftpApp]))
            _ = try await client.updateScheduler(UpdateWorkfowSchedulerApiDto(
                workflowId: workflow, isScheduled: true, scheduleFrequency: SchedulerFrequency(cronSchedule: "0 0 2 ? * *")))
            for (address, kind, id) in [("application.old", "application", app), ("application.oldftp", "application", ftpApp), ("workflow.old", "workflow", workflow)] {
                state.records["canvas:" + address] = StateRecord(address: address, kind: kind, provider: "canvas", scope: nil, id: id.rawValue, appliedAt: "2026-11-27T00:00:00Z")
            }
            return state
        }.get()
        #expect(plan.summary.delete == 4)
        let order = try PlanGraph(changes: plan.changes).order.map(\.description)
        #expect(order.firstIndex(of: "schedule.old (delete)")! < order.firstIndex(of: "workflow.old (delete)")!)
        #expect(order.firstIndex(of: "workflow.old (delete)")! < order.firstIndex(of: "application.old (delete)")!)
    }

    @Test("a resource the state records that was deleted outside canvasctl and left the manifests is forgotten, not deleted")
    func forgetsGone() async throws {
        let gone = "0d637846-75c1-4f0e-8170-ff0cb724afc2"
        let plan = try await Self.plan(manifest: "applications: {}\n") { client in
            var state = StateSnapshot(records: [:])
            let app = try await client.createRegisteredApplication(AddRegApplicationApiDto(
                applicationId: Self.quinyx, tagText: "Old", credentials: ["apikey": "x", "environment": "test"]))
            let records = [
                ("application.old", "application", app.rawValue, nil),
                ("workflow.gone", "workflow", gone, nil),
                ("application.hub~3960be6c", "application", "3960be6c-06f3-4b04-b5c5-84783504c696", nil),
                // An account this plan did not read: nothing is known of it, so it is left alone.
                ("workflow.elsewhere", "workflow", "691edad6-8163-4711-a274-7d68e2b85a78", "be4f3f1e-0e6d-4f68-b8d8-546163c5dfad"),
            ]
            for (address, kind, id, account) in records {
                state.records["canvas:" + address] = StateRecord(address: address, kind: kind, provider: "canvas", scope: account, id: id, appliedAt: "2026-11-27T00:00:00Z")
            }
            return state
        }.get()
        #expect(plan.changes.filter { $0.action != .noop }.map { "\($0.action) \($0.address)" } == ["delete application.old"])
        #expect(plan.forgotten.map(\.address.description) == ["application.hub~3960be6c", "workflow.gone"])
        #expect(plan.forgotten.map(\.id) == ["3960be6c-06f3-4b04-b5c5-84783504c696", gone])
        #expect(plan.forgotten.allSatisfy { $0.group == "default account" })
        #expect(plan.summary.forget == 2 && plan.summary.delete == 1)
    }

    @Test("a key renamed in the manifests adopts its resource by name and does not delete it under the old key")
    func renamedKey() async throws {
        let plan = try await Self.plan(manifest: "applications:\n  renamed:\n    app: File Hub\n    name: Hub\n") { client in
            let hub = try await client.createRegisteredApplication(AddRegApplicationApiDto(
                applicationId: CanvasID("9b6a04b3-c91f-4255-9033-6ac7b7a6f935")!, tagText: "Hub", credentials: [:]))
            var state = StateSnapshot(records: [:])
            state.records["canvas:application.hub"] = StateRecord(
                address: "application.hub", kind: "application", provider: "canvas", scope: nil, id: hub.rawValue, attributes: ["name": .string("Hub")],
                appliedAt: "2026-11-27T00:00:00Z"
            )
            return state
        }.get()
        #expect(plan.summary.delete == 0, "\(plan.changes)")
        #expect(!plan.summary.hasChanges, "\(plan.changes)")
    }

    /// Makes, by hand, what the manifest of the "Employee export" tests describes: applications
    /// "Quinyx production" and "ftp", and the workflow using them on the scheduler with `cron`.
    static func createScheduledExport(_ client: CanvasClient, cron: String) async throws -> CanvasID {
        let quinyx = try await client.createRegisteredApplication(AddRegApplicationApiDto(
            applicationId: Self.quinyx, tagText: "Quinyx production", credentials: ["apikey": "k", "environment": "live"]))
        let ftp = try await client.createRegisteredApplication(AddRegApplicationApiDto(
            applicationId: Self.ftp, tagText: "ftp", credentials: ["address": "a", "port": 21, "username": "u", "password": "p"]))
        let workflow = try await client.createWorkflow(AddWorkflowApiDto(
            workflowTemplateId: CanvasID("bbe52876-aca2-4ece-ba31-11e0d98ddc19")!, name: "Employee export",
            applications: ["QUIN": quinyx, "FTP": ftp]))
        _ = try await client.updateScheduler(UpdateWorkfowSchedulerApiDto(
            workflowId: workflow, isScheduled: true, scheduleFrequency: SchedulerFrequency(cronSchedule: cron)))
        return workflow
    }

    @Test("a deploy is planned after a workflow change, and again while the state says the last one did not happen")
    func deploys() async throws {
        let manifest = """
            applications:
              quinyx: {app: Quinyx, name: Quinyx production, credentials: {apikey: k-0123456789, environment: live}}
              ftp: {app: FTP Server, credentials: {address: ftp.example.com, port: 21, username: demo, password: pw-0123456789}}
            workflows:
              export:
                name: Employee export
                template: Quinyx Employee Export Into FTP(CSV)
                applications: {QUIN: quinyx, FTP: ftp}
                schedule: {cron: "0 0 2,6 ? * TUE *", enabled: true}
                deploy: true
            """
        let created = try await Self.plan(manifest: manifest).get()
        let deploy = try #require(created.changes.first { $0.address.description == "deploy.export" })
        #expect(deploy.action == .create)
        #expect(deploy.target == ResourceAddress(kind: "workflow", key: "export"), "an operation on the workflow, not a resource")
        #expect(deploy.displayName == .string("Employee export"))
        #expect(created.summary.create == 4 && created.summary.operations == ["deploy": 1])
        #expect(deploy.dependencies == [ResourceAddress(kind: "workflow", key: "export")])
        #expect(created.changes.first { $0.address.description == "schedule.export" }?.dependencies.contains(deploy.address) == true)

        // The workflow is as the manifest says, but its deploy was recorded as not done.
        let pending = try await Self.plan(manifest: manifest) { client in
            let workflow = try await Self.createScheduledExport(client, cron: "0 0 2,6 ? * TUE *")
            var state = StateSnapshot(records: [:])
            state.records["canvas:workflow.export"] = StateRecord(
                address: "workflow.export", kind: "workflow", provider: "canvas", scope: nil, id: workflow.rawValue,
                attributes: ["deployed": .bool(false)], appliedAt: "2026-11-27T00:00:00Z"
            )
            return state
        }.get()
        let again = try #require(pending.changes.first { $0.address.description == "deploy.export" })
        #expect(again.reason == "the deploy after the last change of workflow.export did not happen")
        #expect(pending.changes.filter { $0.action != .noop }.map(\.address.description).filter { !$0.hasPrefix("application.") } == ["deploy.export"])
    }

    @Test(
        "a live cron compares by meaning: its own text and another spelling are no change; another schedule is an update shown as written",
        arguments: [
            ("0 0 2,6 ? * TUE *", nil),
            ("0 0 2,6 ? * 3 *", nil),
            ("0  0 2,6 ? * tue", nil),
            ("0 0 3 ? * TUE *", "0 0 3 ? * TUE *"),
            ("0 0 3 ? * 1-3 *", "0 0 3 ? * 1-3 *"),
            ("not a cron", "not a cron"),
        ] as [(String, String?)]
    )
    func liveCronSpellings(live: String, shownBefore: String?) async throws {
        let manifest = """
            applications:
              quinyx: {app: Quinyx, name: Quinyx production, credentials: {apikey: k-0123456789, environment: live}}
              ftp: {app: FTP Server, name: ftp, credentials: {address: a, port: 21, username: u, password: p}}
            workflows:
              export:
                name: Employee export
                template: Quinyx Employee Export Into FTP(CSV)
                applications: {QUIN: quinyx, FTP: ftp}
                schedule: {cron: "0 0 2,6 ? * TUE *", enabled: true}
            """
        let plan = try await Self.plan(manifest: manifest) { client in
            _ = try await Self.createScheduledExport(client, cron: live)
            return nil
        }.get()
        let schedule = try #require(plan.changes.first { $0.address.description == "schedule.export" })
        if let shownBefore {
            #expect(schedule.action == .update)
            #expect(schedule.attributes.map(\.name) == ["cron"])
            #expect(schedule.attributes.first?.before == .string(shownBefore))
            #expect(schedule.attributes.first?.after == .string("0 0 2,6 ? * TUE *"))
            #expect(schedule.displayName == .string("Employee export"))
        } else {
            #expect(schedule.action == .noop, "\(schedule)")
        }
    }

    @Test("several live resources with one name are an error listing them; a pinned id that does not exist is an error")
    func identityErrors() async throws {
        let result = try await Self.plan(manifest: "applications:\n  q: {app: Quinyx, name: Twin, credentials: {apikey: k, environment: live}}\n  r: {app: Quinyx, id: 00000000-0000-0000-0000-000000000001, credentials: {apikey: k, environment: live}}\n") { client in
            for _ in 0..<2 {
                _ = try await client.createRegisteredApplication(AddRegApplicationApiDto(
                    applicationId: Self.quinyx, tagText: "Twin", credentials: ["apikey": "x", "environment": "test"]))
            }
            return nil
        }
        guard case .failure(let errors) = result else {
            Issue.record("expected identity errors")
            return
        }
        let messages = errors.diagnostics.map(\.message)
        #expect(messages.contains { $0.hasPrefix("2 live applications are named 'Twin' (ids ") && $0.hasSuffix("pin the one application.q stands for with id:") })
        #expect(messages.contains("application.r is pinned to id 00000000-0000-0000-0000-000000000001, which does not exist in its account"))
    }

    @Test("a large set is planned in parallel with the same result: every workflow, and errors in the manifests' order")
    func largeSet() async throws {
        // 700 workflows: above the size from which workflows are planned in chunks at once.
        var manifest = "applications:\n  q: {app: Quinyx, credentials: {apikey: k, environment: live}}\n"
            + "  f: {app: FTP Server, credentials: {address: ftp.example.com, port: 21, username: u, password: p}}\nworkflows:\n"
        for index in 0..<700 {
            let key = String(format: "w%04d", index)
            manifest += "  \(key): {template: Demo workflow, name: Flow \(key), applications: {QUIN: q, FTP: f}"
            if index == 100 || index == 600 { manifest += ", id: 00000000-0000-0000-0000-\(String(format: "%012d", index))" }
            if index.isMultiple(of: 3) { manifest += ", schedule: {cron: \"0 0 2 ? * * *\", enabled: true}" }
            manifest += "}\n"
        }
        guard case .failure(let errors) = try await Self.plan(manifest: manifest) else {
            Issue.record("expected the two pinned ids to be refused")
            return
        }
        #expect(errors.diagnostics.map(\.message) == [
            "workflow.w0100 is pinned to id 00000000-0000-0000-0000-000000000100, which does not exist in its account",
            "workflow.w0600 is pinned to id 00000000-0000-0000-0000-000000000600, which does not exist in its account",
        ])

        let valid = manifest.replacingOccurrences(of: ", id: 00000000-0000-0000-0000-000000000100", with: "")
            .replacingOccurrences(of: ", id: 00000000-0000-0000-0000-000000000600", with: "")
        let plan = try await Self.plan(manifest: valid).get()
        let creates = plan.changes.filter { $0.action == .create }.map(\.address.description)
        #expect(plan.changes.count == 2 + 700 + 234)
        #expect(Set(creates) == Set(["application.q", "application.f"] + (0..<700).flatMap { index -> [String] in
            let key = String(format: "w%04d", index)
            return index.isMultiple(of: 3) ? ["workflow.\(key)", "schedule.\(key)"] : ["workflow.\(key)"]
        }))
        #expect(plan.changes.first { $0.address.description == "workflow.w0699" }?.dependencies.map(\.description).sorted()
            == ["application.f", "application.q"])
    }

    @Test("a protected workflow whose template changes is refused")
    func protect() async throws {
        let manifest = Self.manifest
            .replacingOccurrences(of: "    template: Demo workflow", with: "    template: Quinyx Employee Export Into FTP(CSV)\n    protect: true")
            .replacingOccurrences(of: "    variables:\n      amountToObtainWfQ: \"10\"\n      locationsMapping: {table: [{source: Oslo, target: OSL}], default: null}\n", with: "")
        let result = try await Self.plan(manifest: manifest) { client in
            let app = try await client.createRegisteredApplication(AddRegApplicationApiDto(
                applicationId: Self.quinyx, tagText: "Quinyx production", credentials: ["apikey": "x", "environment": "test"]))
            let ftpApp = try await client.createRegisteredApplication(AddRegApplicationApiDto(
                applicationId: Self.ftp, tagText: "ftp", credentials: ["address": "a", "port": 21, "username": "u", "password": "p"]))
            _ = try await client.createWorkflow(AddWorkflowApiDto(
                workflowTemplateId: Self.demo, name: "Employee export", applications: ["QUIN": app, "FTP": ftpApp]))
            return nil
        }
        guard case .failure(let errors) = result else {
            Issue.record("expected a protect error")
            return
        }
        #expect(errors.diagnostics.map(\.message) == [
            "workflow.export is protected (protect: true) but this plan would replace it (template cannot change in place); remove protect first if that is meant",
        ])
    }
}
