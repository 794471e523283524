import CanvasAPI
import Foundation
import StateStore
import Testing

/// `state rm`, `state mv` and `import` as a user meets them, on a state file: what the next plan
/// and apply make of each, and every refusal leaving the state file as it was, byte for byte.
struct StateSurgeryCommandTests {
    /// The `report` workflow's block in ``ChangeScenario/manifest``.
    static let reportBlock = """
          report:
            name: Report
            template: Quinyx Employee Export Into FTP(CSV)
            applications: {QUIN: quinyx, FTP: ftp}

        """

    static func stateBytes(_ scenario: ChangeScenario) -> Data? {
        FileManager.default.contents(atPath: scenario.root + "/canvasctl.state.json")
    }

    /// Runs a command that must be refused: exit 1, `expected` in its error, the state file
    /// unchanged and no lock file left.
    static func expectRefused(
        _ arguments: [String], _ expected: String, in scenario: ChangeScenario, sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        let before = stateBytes(scenario)
        let run = await scenario.cli(arguments, sourceLocation: sourceLocation)
        #expect(run.exitCode == 1, "\(arguments)", sourceLocation: sourceLocation)
        #expect(run.output.isEmpty, "\(run.output)", sourceLocation: sourceLocation)
        #expect(run.error.contains(expected), "\(run.error)", sourceLocation: sourceLocation)
        #expect(stateBytes(scenario) == before, "the state file is unchanged", sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: scenario.root + "/canvasctl.state.json.lock"), sourceLocation: sourceLocation)
    }

    @Test("state rm forgets a workflow: plan lists it as unmanaged, and apply leaves it in Canvas")
    func removeWorkflow() async throws {
        try await ChangeScenario.run { scenario in
            let state = scenario.root + "/canvasctl.state.json"
            let id = try scenario.liveID("workflow.report")
            try scenario.edit(Self.reportBlock, "")
            let removed = await scenario.cli(["state", "rm", "workflow.report", "--state", state])
            #expect(removed.exitCode == 0, "\(removed.error)")
            #expect(removed.output == "Removed workflow.report (id \(id)) from the state; canvasctl no longer manages it and leaves it in Canvas as it is.\n")
            #expect(try scenario.stateIDs()[id.rawValue] == nil)

            let plan = try await scenario.plan()
            #expect(plan.changes.isEmpty, "\(plan.changes)")
            let unmanaged = plan.json["unmanaged"] as? [[String: Any]] ?? []
            #expect(unmanaged.contains { $0["id"] as? String == id.rawValue && $0["name"] as? String == "Report" }, "\(unmanaged)")
            let text = await scenario.cli(["plan", scenario.manifestPath])
            #expect(text.output.contains("  workflow \"Report\" (\(id))"), "\(text.output)")

            let apply = try await scenario.apply()
            #expect(apply.run.exitCode == 0, "\(apply.run.error)")
            #expect(apply.writes.isEmpty, "\(apply.writes)")
            let live = try await ApplyCommandTests.client(of: scenario.emulator).workflows()
            #expect(live.contains { $0.id == id && $0.name == "Report" }, "the workflow is still in Canvas")
        }
    }

    @Test("state rm refuses an unknown address, alone or among known ones, and a schedule, changing nothing")
    func removeRefused() async throws {
        try await ChangeScenario.run { scenario in
            let state = scenario.root + "/canvasctl.state.json"
            await Self.expectRefused(
                ["state", "rm", "workflow.export", "workflow.reprot", "--state", state],
                "error: the state records no `workflow.reprot` (did you mean `workflow.report`?); nothing was changed\n", in: scenario
            )
            await Self.expectRefused(
                ["state", "rm", "schedule.sync", "--state", state],
                "error: `schedule.sync` is the scheduler of workflow.sync, which the state records with its workflow, not on its own: "
                    + "`canvasctl state rm workflow.sync` forgets the workflow with its schedule; nothing was changed\n",
                in: scenario
            )
            let none = await scenario.cli(["state", "rm", "--state", state])
            #expect(none.exitCode == 1)
            #expect(none.error.contains("Missing expected argument '<ADDRESS> ...'"), "\(none.error)")
            let writes = try scenario.newWrites()
            #expect(writes.isEmpty)
        }
    }

    @Test("state rm and mv wait for a run's lock as long as --lock-timeout, and are refused, naming the holder, when it outlasts it")
    func locked() async throws {
        try await ChangeScenario.run { scenario in
            let state = scenario.root + "/canvasctl.state.json"
            let holder = LockHolder(pid: 4242, host: "ci-runner-7", user: "deploy", command: "canvasctl apply", startedAt: "2026-11-27T01:00:00Z")
            let running = try StateFile.open(path: state, holder: holder)
            let before = Self.stateBytes(scenario)
            let refused = await scenario.cli(["state", "mv", "workflow.export", "workflow.x", "--state", state, "--lock-timeout", "200ms"])
            #expect(refused.exitCode == 1)
            #expect(refused.error.contains("locked by `canvasctl apply` (pid 4242 on host ci-runner-7, user deploy)"), "\(refused.error)")
            #expect(Self.stateBytes(scenario) == before)
            // Released while the next one waits.
            Task {
                try? await Task.sleep(for: .milliseconds(300))
                running.close()
            }
            let waited = await scenario.cli(["state", "rm", "workflow.report", "--state", state, "--lock-timeout", "30s"])
            #expect(waited.exitCode == 0, "\(waited.error)")
            #expect(try scenario.stateIDs().values.contains("workflow.report") == false)
        }
    }

    @Test("state mv of a renamed workflow key and of a renamed application key: the next plan has no changes")
    func move() async throws {
        try await ChangeScenario.run { scenario in
            let state = scenario.root + "/canvasctl.state.json"
            let export = try scenario.liveID("workflow.export")
            try scenario.edit("  export:\n", "  employee-export:\n")
            let moved = await scenario.cli(["state", "mv", "workflow.export", "workflow.employee-export", "--state", state])
            #expect(moved.exitCode == 0, "\(moved.error)")
            #expect(moved.output == "Moved workflow.export to workflow.employee-export (id \(export)) in the state.\n")
            #expect(try scenario.stateIDs()[export.rawValue] == "workflow.employee-export")
            let plan = await scenario.cli(["plan", scenario.manifestPath, "--detailed-exitcode"])
            #expect(plan.exitCode == 0, "no changes: \(plan.output)\(plan.error)")

            // An application that three workflows use.
            var text = try String(contentsOfFile: scenario.manifestPath, encoding: .utf8)
            text = text.replacingOccurrences(of: "  ftp:\n", with: "  ftp-main:\n").replacingOccurrences(of: "FTP: ftp}", with: "FTP: ftp-main}")
            try text.write(toFile: scenario.manifestPath, atomically: true, encoding: .utf8)
            let application = await scenario.cli(["state", "mv", "application.ftp", "application.ftp-main", "--state", state])
            #expect(application.exitCode == 0, "\(application.error)")
            let after = await scenario.cli(["plan", scenario.manifestPath, "--detailed-exitcode"])
            #expect(after.exitCode == 0, "no changes: \(after.output)\(after.error)")
            let apply = try await scenario.apply()
            #expect(apply.writes.isEmpty, "\(apply.writes)")
        }
    }

    @Test("state mv refuses a FROM not in the state, a TO already in it, another kind, a schedule, changing nothing")
    func moveRefused() async throws {
        try await ChangeScenario.run { scenario in
            let state = scenario.root + "/canvasctl.state.json"
            await Self.expectRefused(
                ["state", "mv", "workflow.exprt", "workflow.x", "--state", state],
                "error: the state records no `workflow.exprt` (did you mean `workflow.export`?); nothing was changed\n", in: scenario
            )
            let report = try scenario.liveID("workflow.report")
            await Self.expectRefused(
                ["state", "mv", "workflow.export", "workflow.report", "--state", state],
                "error: the state already records `workflow.report` (id \(report)); `canvasctl state rm workflow.report` first", in: scenario
            )
            await Self.expectRefused(
                ["state", "mv", "workflow.export", "application.export", "--state", state],
                "error: `workflow.export` is a workflow and `application.export` an application: state mv renames an address within its kind", in: scenario
            )
            await Self.expectRefused(
                ["state", "mv", "schedule.export", "schedule.x", "--state", state],
                "`canvasctl state mv workflow.export workflow.NEW` moves the schedule with its workflow; nothing was changed", in: scenario
            )
        }
    }

    @Test("import adopts a workflow by id: the next plan shows only its differences with the manifest, and apply settles them")
    func importWorkflow() async throws {
        try await ChangeScenario.run { scenario in
            let state = scenario.root + "/canvasctl.state.json"
            let id = try scenario.liveID("workflow.report")
            _ = await scenario.cli(["state", "rm", "workflow.report", "--state", state])
            // A manifest name the live workflow does not have: a plan could not adopt it by name.
            try scenario.edit("    name: Report\n", "    name: Monthly report\n")
            let unadopted = try await scenario.plan()
            #expect(unadopted.changes == ["create workflow.report"], "\(unadopted.changes)")

            let imported = await scenario.cli(["import", "workflow.report", id.rawValue.uppercased(), scenario.manifestPath])
            #expect(imported.exitCode == 0, "\(imported.error)")
            #expect(imported.output == "Imported \(id) as workflow.report into \(state); canvasctl manages it from now on. "
                + "`canvasctl plan` shows what apply would change to match its manifest.\n")
            #expect(try scenario.stateIDs()[id.rawValue] == "workflow.report")
            #expect(try scenario.newWrites().isEmpty, "import changes nothing in Canvas")

            let plan = try await scenario.plan()
            #expect(plan.changes == ["update workflow.report"], "\(plan.changes)")
            let change = try #require(ChangeScenario.change("workflow.report", in: plan.json))
            #expect(change["id"] as? String == id.rawValue)
            #expect(change["drift"] as? Bool == false, "an import is no drift: \(change)")
            let before = change["before"] as? [String: Any] ?? [:]
            let after = change["after"] as? [String: Any] ?? [:]
            #expect(Set(after.keys) == ["name"], "only the name differs: \(change)")
            #expect(before["name"] as? String == "Report" && after["name"] as? String == "Monthly report", "\(change)")

            let apply = try await scenario.apply()
            #expect(apply.run.exitCode == 0, "\(apply.run.error)")
            #expect(!apply.writes.isEmpty && apply.writes.allSatisfy { $0.contains("workflow.report") && !$0.contains("Delete") }, "\(apply.writes)")
            let settled = await scenario.cli(["plan", scenario.manifestPath, "--detailed-exitcode"])
            #expect(settled.exitCode == 0, "\(settled.output)\(settled.error)")
        }
    }

    @Test("import of an application by id sends its credentials once, as an adoption by name does, and nothing else")
    func importApplication() async throws {
        try await ChangeScenario.run { scenario in
            let state = scenario.root + "/canvasctl.state.json"
            let hub = try scenario.liveID("application.hub")
            let quinyx = try scenario.liveID("application.quinyx")
            _ = await scenario.cli(["state", "rm", "application.hub", "application.quinyx", "--state", state])
            for (address, id) in [("application.hub", hub), ("application.quinyx", quinyx)] {
                let imported = await scenario.cli(["import", address, id.rawValue, scenario.manifestPath])
                #expect(imported.exitCode == 0, "\(imported.error)")
            }
            let plan = try await scenario.plan()
            #expect(plan.changes == ["update application.quinyx"], "hub has nothing to compare: \(plan.changes)")
            let change = try #require(ChangeScenario.change("application.quinyx", in: plan.json))
            #expect(Set((change["after"] as? [String: Any] ?? [:]).keys) == ["credentials"], "\(change)")
        }
    }

    @Test("import refuses an unknown id, one of another kind, one already managed, an address in the state or not declared, changing nothing")
    func importRefused() async throws {
        try await ChangeScenario.run { scenario in
            let state = scenario.root + "/canvasctl.state.json"
            let report = try scenario.liveID("workflow.report")
            let export = try scenario.liveID("workflow.export")
            let hub = try scenario.liveID("application.hub")
            _ = await scenario.cli(["state", "rm", "workflow.report", "application.hub", "--state", state])
            let path = scenario.manifestPath
            let missing = "00000000-0000-4000-8000-000000000000"
            await Self.expectRefused(
                ["import", "workflow.report", missing, path],
                "error: the API keys' own account has no workflow with id \(missing) (the account `workflow.report` is declared in); nothing was changed\n",
                in: scenario
            )
            await Self.expectRefused(
                ["import", "workflow.report", hub.rawValue, path],
                "error: \(hub) is an application in the API keys' own account, not a workflow: import it into an application.KEY address; nothing was changed\n",
                in: scenario
            )
            await Self.expectRefused(
                ["import", "workflow.report", export.rawValue, path],
                "error: \(export) is already managed, as `workflow.export`: a resource is recorded under one address "
                    + "(`canvasctl state mv workflow.export workflow.report` renames it); nothing was changed\n", in: scenario
            )
            await Self.expectRefused(
                ["import", "workflow.sync", report.rawValue, path],
                "error: the state already records `workflow.sync` (id ", in: scenario
            )
            await Self.expectRefused(
                ["import", "workflow.reprot", report.rawValue, path],
                "error: the manifests declare no `workflow.reprot` (did you mean `workflow.report`?)", in: scenario
            )
            await Self.expectRefused(["import", "schedule.report", report.rawValue, path], "adopts the workflow with its schedule", in: scenario)
            await Self.expectRefused(["import", "workflow.report", "not-an-id", path], "`not-an-id` is not a Canvas id", in: scenario)
            let writes = try scenario.newWrites()
            #expect(writes.isEmpty)
        }
    }
}
