import CanvasAPI
import CanvasEmulator
import Foundation
import Testing

/// Each kind of change on its own, through the CLI against the emulator: exactly the plan expected,
/// and, applied, exactly the write calls expected, in the order expected (from the emulator's
/// request log). Every run is also checked for secrets in what it printed.
struct ChangeKindTests {
    @Test("edit a description: the workflow is updated in place, nothing else")
    func editDescription() async throws {
        try await ChangeScenario.run { scenario in
            try scenario.edit("description: CSV export", "description: CSV export, daily")
            let plan = try await scenario.plan()
            #expect(plan.changes == ["update workflow.export"])
            let after = ChangeScenario.change("workflow.export", in: plan.json)?["after"] as? [String: Any]
            #expect(after?["description"] as? String == "CSV export, daily")
            let apply = try await scenario.apply()
            #expect(apply.run.exitCode == 0, "\(apply.run.error)")
            #expect(apply.writes == ["POST Workflow/workflow.export"])
            #expect(try await scenario.plan().changes.isEmpty)
        }
    }

    @Test("change a variable of a deployed workflow: update, then deploy")
    func changeVariable() async throws {
        try await ChangeScenario.run { scenario in
            try scenario.edit("amountToObtainWfQ: \"10\"", "amountToObtainWfQ: \"20\"")
            let plan = try await scenario.plan()
            #expect(plan.changes == ["create deploy.sync", "update workflow.sync"])
            let deploy = ChangeScenario.change("deploy.sync", in: plan.json)
            #expect(deploy?["reason"] as? String == "workflow.sync changes")
            #expect(deploy?["depends_on"] as? [String] == ["workflow.sync"])
            let apply = try await scenario.apply()
            #expect(apply.run.exitCode == 0, "\(apply.run.error)")
            #expect(apply.writes == ["POST Workflow/workflow.sync", "GET DeployWorkflow/workflow.sync"])
            #expect(try await scenario.plan().changes.isEmpty)
        }
    }

    @Test("change a credential: only its fingerprint shows, and the application is updated")
    func changeCredential() async throws {
        try await ChangeScenario.run { scenario in
            scenario.environment["SCENARIO_FTP_PASSWORD"] = "another-ftp-password"
            let text = await scenario.cli(["plan", scenario.manifestPath])
            #expect(text.output.contains("""
                      ~ credentials = {
                          ~ password = (sensitive) -> (sensitive)
                          # (3 unchanged entries hidden)
                        }
                """), "\(text.output)")
            #expect(!text.output.contains("another-ftp-password"))
            let plan = try await scenario.plan()
            #expect(plan.changes == ["update application.ftp"])
            let apply = try await scenario.apply()
            #expect(apply.run.exitCode == 0, "\(apply.run.error)")
            #expect(!apply.run.output.contains("another-ftp-password"))
            #expect(apply.writes == ["POST RegApplication/application.ftp"])
            #expect(try await scenario.plan().changes.isEmpty)
            let state = try String(contentsOfFile: scenario.root + "/canvasctl.state.json", encoding: .utf8)
            #expect(!state.contains("another-ftp-password"))
        }
    }

    @Test("change a cron: only the scheduler is written, and the plan shows the next fire times")
    func changeCron() async throws {
        try await ChangeScenario.run { scenario in
            try scenario.edit("cron: \"0 30 3 * * ?\"", "cron: \"0 45 4 * * ?\"")
            let text = await scenario.cli(["plan", scenario.manifestPath])
            #expect(text.output.contains("~ cron = \"0 30 3 * * ?\" -> \"0 45 4 * * ?\""), "as written, live and in the manifest: \(text.output)")
            #expect(text.output.contains("# next runs (UTC): "), "\(text.output)")
            #expect(text.output.contains(" 04:45:00, "), "\(text.output)")
            let plan = try await scenario.plan()
            #expect(plan.changes == ["update schedule.export"])
            let apply = try await scenario.apply()
            #expect(apply.run.exitCode == 0, "\(apply.run.error)")
            #expect(apply.writes == ["POST WorkflowScheduler"])
            #expect(try await scenario.plan().changes.isEmpty)
        }
    }

    @Test("disable a schedule: the scheduler is switched off and stays off")
    func disableSchedule() async throws {
        try await ChangeScenario.run { scenario in
            try scenario.edit("cron: \"0 30 3 * * ?\"", "cron: \"0 30 3 * * ?\"\n      enabled: false")
            let plan = try await scenario.plan()
            #expect(plan.changes == ["update schedule.export"])
            let after = ChangeScenario.change("schedule.export", in: plan.json)?["after"] as? [String: Any]
            #expect(after?["enabled"] as? Bool == false)
            let apply = try await scenario.apply()
            #expect(apply.run.exitCode == 0, "\(apply.run.error)")
            #expect(apply.writes == ["POST WorkflowScheduler"])
            let client = try ApplyCommandTests.client(of: scenario.emulator)
            let export = try await client.workflows().first { $0.name == "Export" }
            #expect(export?.isScheduled == false)
            #expect(try await scenario.plan().changes.isEmpty)
        }
    }

    @Test("rename a workflow and an application: updated in place, same ids")
    func rename() async throws {
        try await ChangeScenario.run { scenario in
            let ids = try scenario.stateIDs()
            try scenario.edit("name: Report", "name: Weekly report")
            try scenario.edit("name: Hub", "name: File hub")
            let plan = try await scenario.plan()
            #expect(plan.changes == ["update application.hub", "update workflow.report"])
            let apply = try await scenario.apply()
            #expect(apply.run.exitCode == 0, "\(apply.run.error)")
            #expect(apply.writes.sorted() == ["POST RegApplication/application.hub", "POST Workflow/workflow.report"])
            #expect(try scenario.stateIDs() == ids)
            #expect(try await scenario.plan().changes.isEmpty)
        }
    }

    @Test("change a template: the new workflow is created, scheduled, deployed, and the old one deleted last")
    func changeTemplate() async throws {
        try await ChangeScenario.run { scenario in
            try scenario.edit(
                "template: Demo workflow\n    applications: {QUIN: quinyx, FTP: ftp}\n    variables:\n      amountToObtainWfQ: \"10\"\n"
                    + "      locationsMapping: {table: [{source: Oslo, target: OSL}], default: OTHER}\n",
                "template: Quinyx Employee Export Into FTP(CSV)\n    applications: {QUIN: quinyx, FTP: ftp}\n"
            )
            let old = try #require(try scenario.stateIDs().first { $0.value == "workflow.sync" }?.key)
            let plan = try await scenario.plan()
            #expect(plan.changes == ["create deploy.sync", "create schedule.sync", "replace workflow.sync"])
            let workflow = ChangeScenario.change("workflow.sync", in: plan.json)
            #expect(workflow?["replace_attributes"] as? [String] == ["template"])
            let apply = try await scenario.apply()
            #expect(apply.run.exitCode == 0, "\(apply.run.error)")
            #expect(apply.writes == [
                "POST Workflow", "GET DeployWorkflow/workflow.sync", "POST WorkflowScheduler", "GET DeleteWorkflow/workflow.sync (old)",
            ])
            #expect(try scenario.stateIDs()[old] == nil)
            #expect(try await scenario.plan().changes.isEmpty)
        }
    }

    @Test("change an application's catalog app: the new one is created before the old one is deleted")
    func changeCatalogApplication() async throws {
        try await ChangeScenario.run { scenario in
            try scenario.edit(
                "app: File Hub\n    name: Hub\n",
                "app: Talent Manager\n    name: Hub\n    credentials:\n      customeralias: acme\n      apikey: ${env:SCENARIO_TALENT_KEY}\n"
            )
            let old = try #require(try scenario.stateIDs().first { $0.value == "application.hub" }?.key)
            let plan = try await scenario.plan()
            #expect(plan.changes == ["replace application.hub"])
            #expect(ChangeScenario.change("application.hub", in: plan.json)?["replace_attributes"] as? [String] == ["app"])
            let apply = try await scenario.apply()
            #expect(apply.run.exitCode == 0, "\(apply.run.error)")
            #expect(apply.writes == ["POST RegApplication", "GET DeleteRegApplication/application.hub (old)"])
            #expect(try scenario.stateIDs()[old] == nil)
            #expect(try await scenario.plan().changes.isEmpty)
        }
    }

    @Test("remove a scheduled workflow: its scheduler is switched off, then it is deleted")
    func removeWorkflow() async throws {
        try await ChangeScenario.run { scenario in
            try scenario.edit(
                "  export:\n    name: Export\n    description: CSV export\n    template: Quinyx Employee Export Into FTP(CSV)\n"
                    + "    applications: {QUIN: quinyx, FTP: ftp}\n    schedule:\n      cron: \"0 30 3 * * ?\"\n",
                ""
            )
            let plan = try await scenario.plan()
            #expect(plan.changes == ["delete schedule.export", "delete workflow.export"])
            let apply = try await scenario.apply()
            #expect(apply.run.exitCode == 0, "\(apply.run.error)")
            #expect(apply.writes == ["POST WorkflowScheduler", "GET DeleteWorkflow/workflow.export"])
            #expect(try scenario.stateIDs().values.contains("workflow.export") == false)
            #expect(try await scenario.plan().changes.isEmpty)
        }
    }

    @Test("remove an application with the workflows that use it: schedulers off, workflows, then the application")
    func removeApplicationAndItsWorkflows() async throws {
        try await ChangeScenario.run { scenario in
            // Every workflow uses FTP: they all go, and the FTP application with them.
            let text = try String(contentsOfFile: scenario.manifestPath, encoding: .utf8)
            let workflows = try #require(text.range(of: "workflows:\n"))
            let applicationsOnly = String(text[..<workflows.lowerBound])
            try applicationsOnly.write(toFile: scenario.manifestPath, atomically: true, encoding: .utf8)
            try scenario.edit(
                "  ftp:\n    app: FTP\n    name: FTP main\n    credentials:\n      address: ftp.example\n      port: 21\n"
                    + "      username: canvas\n      password: ${env:SCENARIO_FTP_PASSWORD}\n",
                ""
            )
            let plan = try await scenario.plan()
            let expected: [String] = [
                "delete application.ftp", "delete schedule.export", "delete schedule.sync",
                "delete workflow.export", "delete workflow.report", "delete workflow.sync",
            ]
            #expect(plan.changes == expected)
            let apply = try await scenario.apply()
            #expect(apply.run.exitCode == 0, "\(apply.run.error)")
            let writes = apply.writes
            #expect(writes.count == 6, "\(writes)")
            #expect(writes.last == "GET DeleteRegApplication/application.ftp", "\(writes)")
            let schedulersOff = writes.indices.filter { writes[$0] == "POST WorkflowScheduler" }
            #expect(schedulersOff.count == 2, "\(writes)")
            let deleteExport = try #require(writes.firstIndex(of: "GET DeleteWorkflow/workflow.export"), "\(writes)")
            let deleteSync = try #require(writes.firstIndex(of: "GET DeleteWorkflow/workflow.sync"), "\(writes)")
            #expect(writes.contains("GET DeleteWorkflow/workflow.report"), "\(writes)")
            // The scheduler of each goes off before it is deleted (which one first is free).
            #expect(schedulersOff.allSatisfy { $0 < max(deleteExport, deleteSync) }, "\(writes)")
            #expect(schedulersOff.contains { $0 < deleteExport }, "\(writes)")
            #expect(schedulersOff.contains { $0 < deleteSync }, "\(writes)")
            #expect(try await scenario.plan().changes.isEmpty)
        }
    }

    @Test("move workflows to another application and remove the old one: the workflows change before it is deleted")
    func moveToAnotherApplication() async throws {
        try await ChangeScenario.run { scenario in
            try scenario.edit("  quinyx:\n    app: Quinyx\n    name: Quinyx main\n", "  quinyx2:\n    app: Quinyx\n    name: Quinyx second\n")
            let text = try String(contentsOfFile: scenario.manifestPath, encoding: .utf8)
            try text.replacingOccurrences(of: "{QUIN: quinyx, FTP: ftp}", with: "{QUIN: quinyx2, FTP: ftp}")
                .write(toFile: scenario.manifestPath, atomically: true, encoding: .utf8)
            let plan = try await scenario.plan()
            #expect(plan.changes == [
                "delete application.quinyx", "create application.quinyx2", "create deploy.sync",
                "update workflow.export", "update workflow.report", "update workflow.sync",
            ], "\(plan.changes)")
            let dependsOn = ChangeScenario.change("workflow.sync", in: plan.json)?["depends_on"] as? [String]
            #expect(dependsOn?.contains("application.quinyx") == true, "\(dependsOn ?? [])")
            let apply = try await scenario.apply()
            #expect(apply.run.exitCode == 0, "\(apply.run.output)\(apply.run.error)")
            let delete = try #require(apply.writes.firstIndex(of: "GET DeleteRegApplication/application.quinyx"), "\(apply.writes)")
            for workflow in ["export", "report", "sync"] {
                let update = try #require(apply.writes.firstIndex(of: "POST Workflow/workflow.\(workflow)"), "\(apply.writes)")
                #expect(update < delete, "workflow.\(workflow) is changed before its old application is deleted: \(apply.writes)")
            }
            #expect(try await scenario.plan().changes.isEmpty)
        }
    }

    @Test("manifests that no longer name anything in an account: everything the state records there is deleted")
    func emptySet() async throws {
        try await ChangeScenario.run { scenario in
            try "version: 1\n".write(toFile: scenario.manifestPath, atomically: true, encoding: .utf8)
            let plan = try await scenario.plan()
            let expected: [String] = [
                "delete application.ftp", "delete application.hub", "delete application.quinyx", "delete schedule.export",
                "delete schedule.sync", "delete workflow.export", "delete workflow.report", "delete workflow.sync",
            ]
            #expect(plan.changes == expected)
            // The guardrail stands between such a plan and --auto-approve (DestroyGuardrailTests).
            let refused = try await scenario.apply()
            #expect(refused.run.exitCode == 1)
            #expect(refused.writes.isEmpty)
            let apply = try await scenario.apply(extra: ["--allow-destroy"])
            #expect(apply.run.exitCode == 0, "\(apply.run.error)")
            #expect(apply.writes.count == 8, "\(apply.writes)")
            #expect(try scenario.stateIDs().isEmpty)
        }
    }

    @Test("protect blocks a delete: exit 1, a sentence naming the resource, and nothing written")
    func protectBlocksDelete() async throws {
        try await ChangeScenario.run { scenario in
            try scenario.edit("    name: Hub\n", "    name: Hub\n    protect: true\n")
            // Protect alone is recorded in the state; nothing is sent to Canvas.
            #expect(try await scenario.plan().changes == ["update application.hub"])
            let protect = try await scenario.apply()
            #expect(protect.run.exitCode == 0)
            #expect(protect.writes.isEmpty, "\(protect.writes)")
            try scenario.edit("  hub:\n    app: File Hub\n    name: Hub\n    protect: true\n", "")
            let plan = await scenario.cli(["plan", scenario.manifestPath])
            #expect(plan.exitCode == 1)
            #expect(plan.error.contains("application.hub is protected"), "\(plan.error)")
            let apply = try await scenario.apply()
            #expect(apply.run.exitCode == 1)
            #expect(apply.writes.isEmpty, "\(apply.writes)")
        }
    }

    @Test("a workflow deleted in Canvas and then from the manifests: no change, and apply forgets its record")
    func forgetDeletedByHand() async throws {
        try await ChangeScenario.run { scenario in
            let id = try await scenario.deleteWorkflowByHand("workflow.report")
            try scenario.edit(
                "  report:\n    name: Report\n    template: Quinyx Employee Export Into FTP(CSV)\n    applications: {QUIN: quinyx, FTP: ftp}\n",
                ""
            )
            _ = try scenario.newWrites()
            let text = await scenario.cli(["plan", scenario.manifestPath, "--detailed-exitcode"])
            #expect(text.exitCode == 0, "\(text.output)")
            #expect(text.output.contains(
                "Forgotten (in the state, but deleted outside canvasctl and gone from the manifests; apply removes the records): 1\n"
                    + "  workflow.report (\(id)) in default account"
            ), "\(text.output)")
            #expect(text.output.contains("No changes. The live accounts match the manifests."), "\(text.output)")
            let json = try await scenario.plan()
            #expect(json.changes.isEmpty)
            #expect((json.json["forgotten"] as? [[String: Any]])?.compactMap { $0["address"] as? String } == ["workflow.report"])
            #expect((json.json["summary"] as? [String: Any])?["forget"] as? Int == 1)

            let apply = try await scenario.apply()
            #expect(apply.run.exitCode == 0, "\(apply.run.error)")
            #expect(apply.writes.isEmpty)
            #expect(apply.run.output.contains("Forgot 1 state record of resources deleted outside canvasctl: workflow.report."), "\(apply.run.output)")
            #expect(try scenario.stateIDs()[id] == nil)
            let again = await scenario.cli(["plan", scenario.manifestPath])
            #expect(!again.output.contains("Forgotten"), "\(again.output)")
        }
    }

    @Test("unmanaged live resources are listed and never touched")
    func unmanaged() async throws {
        try await ChangeScenario.run { scenario in
            let client = try ApplyCommandTests.client(of: scenario.emulator)
            let catalog = try await client.applications()
            let hub = try #require(catalog.first { $0.name == "File Hub" })
            let id = try await client.createRegisteredApplication(.init(applicationId: hub.id, tagText: "Made by hand", credentials: [:]))
            _ = try scenario.newWrites()
            try scenario.edit("name: Report", "name: Weekly report")
            let text = await scenario.cli(["plan", scenario.manifestPath])
            #expect(text.output.contains("Unmanaged (neither in the manifests nor in the state; never touched): 1"), "\(text.output)")
            #expect(text.output.contains("application \"Made by hand\" (\(id.rawValue))"), "\(text.output)")
            let apply = try await scenario.apply()
            #expect(apply.run.exitCode == 0, "\(apply.run.error)")
            #expect(apply.writes == ["POST Workflow/workflow.report"])
            #expect(try await client.registeredApplications().contains { $0.id == id })
        }
    }

    @Test("two live workflows with a manifest workflow's name and no state: a clear error listing both")
    func duplicateNames() async throws {
        try await ChangeScenario.run { scenario in
            let client = try ApplyCommandTests.client(of: scenario.emulator)
            let report = try #require(try await client.workflows().first { $0.name == "Report" })
            let full = try await client.workflow(report.id)
            let copy = try await client.createWorkflow(.init(
                workflowTemplateId: try #require(full.workflowTemplateId), name: "Report",
                applications: try Self.slots(of: full, client: client)
            ))
            try FileManager.default.removeItem(atPath: scenario.root + "/canvasctl.state.json")
            let plan = await scenario.cli(["plan", scenario.manifestPath])
            #expect(plan.exitCode == 1)
            #expect(plan.error.contains("2 live workflows are named 'Report'"), "\(plan.error)")
            #expect(plan.error.contains(report.id.rawValue) && plan.error.contains(copy.rawValue), "\(plan.error)")
            #expect(plan.error.contains("id:"), "\(plan.error)")
            #expect(plan.error.contains("canvas.yaml:"), "\(plan.error)")
        }
    }

    /// A workflow's slots as a create body takes them: the slot of each registered application.
    static func slots(of workflow: Workflow, client: CanvasClient) async throws -> [String: CanvasID] {
        let registered = try await client.registeredApplications()
        var slots: [String: CanvasID] = [:]
        for id in workflow.regApplicationIds ?? [] {
            if let application = registered.first(where: { $0.id == id }), let slot = application.shortName { slots[slot] = id }
        }
        return slots
    }
}
