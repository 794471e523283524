import CanvasAPI
import Foundation
import StateStore
import Testing

/// `canvasctl run` and `canvasctl state list|unlock` as a user meets them.
struct RunAndStateCommandTests {
    @Test("run finds a managed workflow by key, address or name, and calls RunWorkflow for its id")
    func runByReference() async throws {
        try await ChangeScenario.run { scenario in
            let state = scenario.root + "/canvasctl.state.json"
            let id = try #require(try scenario.stateIDs().first { $0.value == "workflow.export" }?.key)
            for reference in ["export", "workflow.export", "Export"] {
                let run = await scenario.cli(["run", reference, "--state", state])
                #expect(run.exitCode == 0, "\(reference): \(run.error)")
                #expect(run.output == "workflow.export (\(id)): Workflow will now run\n", "\(reference)")
            }
            let range = await scenario.cli(["run", "export", "--from", "2", "--till", "4", "--state", state])
            #expect(range.output == "workflow.export (\(id)) blocks 2 to 4: Workflow will now run\n")
            #expect(try scenario.newWrites() == Array(repeating: "POST RunWorkflow", count: 4))
        }
    }

    @Test("run without a state file says there is none")
    func runWithoutState() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = await CLI.run(["run", "export", "--state", directory + "/canvasctl.state.json"], environment: ["CANVAS_URL": "http://127.0.0.1:9/api"])
        #expect(run.exitCode == 1)
        #expect(run.error == "error: there is no state file \(directory)/canvasctl.state.json: run finds the workflow in the state that apply "
            + "writes; run it where the state is, or give it with --state or CANVAS_STATE\n")
    }

    @Test("run refuses what the state does not manage, with a suggestion, and calls nothing")
    func runUnknown() async throws {
        try await ChangeScenario.run { scenario in
            let state = scenario.root + "/canvasctl.state.json"
            let typo = await scenario.cli(["run", "exprt", "--state", state])
            #expect(typo.exitCode == 1)
            #expect(typo.error.contains("no managed workflow is called 'exprt'"), "\(typo.error)")
            #expect(typo.error.contains("(did you mean 'export'?)"), "\(typo.error)")
            let application = await scenario.cli(["run", "application.hub", "--state", state])
            #expect(application.exitCode == 1)
            let range = await scenario.cli(["run", "export", "--from", "3", "--till", "2", "--state", state])
            #expect(range.exitCode == 1)
            #expect(range.error.contains("--from 3 comes after --till 2"), "\(range.error)")
            let zero = await scenario.cli(["run", "export", "--from", "0", "--state", state])
            #expect(zero.exitCode == 1)
            let writes = try scenario.newWrites()
            #expect(writes.isEmpty)
        }
    }

    @Test("run of a managed workflow deleted by hand prints the API's message and exits 1")
    func runDeletedByHand() async throws {
        try await ChangeScenario.run { scenario in
            let id = try await scenario.deleteWorkflowByHand("workflow.report")
            let run = await scenario.cli(["run", "report", "--state", scenario.root + "/canvasctl.state.json"])
            #expect(run.exitCode == 1)
            #expect(run.error.hasPrefix("error: workflow.report (\(id)) could not be run: "), "\(run.error)")
            #expect(run.error.contains("Undeclared"), "\(run.error)")
        }
    }

    @Test("state list shows each record; a live run's lock refuses plan and unlock; a lock file no run holds blocks nothing")
    func stateListAndUnlock() async throws {
        try await ChangeScenario.run { scenario in
            let list = await CLI.run(["state", "list", scenario.manifestPath])
            #expect(list.exitCode == 0, "\(list.error)")
            let lines = list.output.split(separator: "\n")
            #expect(lines.first?.hasPrefix("ADDRESS") == true)
            #expect(lines.count == 7, "\(list.output)")
            #expect(lines.contains { $0.hasPrefix("workflow.sync ") && $0.hasSuffix("(own)    Sync") }, "\(list.output)")

            // A run holds the state: plan is refused, and unlock refuses to take a live run's lock.
            let statePath = scenario.root + "/canvasctl.state.json"
            let lock = statePath + ".lock"
            let holder = LockHolder(pid: 4242, host: "ci-runner-7", user: "deploy", command: "canvasctl apply", startedAt: "2026-11-27T01:00:00Z")
            let running = try StateFile.open(path: statePath, holder: holder)
            let blocked = await scenario.cli(["plan", scenario.manifestPath])
            #expect(blocked.exitCode == 1)
            #expect(blocked.error.contains("locked by `canvasctl apply` (pid 4242 on host ci-runner-7, user deploy)"), "\(blocked.error)")
            let refused = await CLI.run(["state", "unlock", "--state", statePath])
            #expect(refused.exitCode == 1)
            #expect(refused.error.contains("which is still running"), "\(refused.error)")
            #expect(FileManager.default.fileExists(atPath: lock))
            running.close()

            // A lock file no run holds (as an older canvasctl leaves it) blocks nothing; unlock removes it.
            let stale = #"{"pid":4242,"host":"ci-runner-7","user":"deploy","command":"canvasctl apply","startedAt":"2026-11-27T01:00:00Z"}"#
            try stale.write(toFile: lock, atomically: true, encoding: .utf8)
            let unlock = await CLI.run(["state", "unlock", "--state", statePath])
            #expect(unlock.exitCode == 0)
            #expect(unlock.output.contains("`canvasctl apply` (pid 4242 on host ci-runner-7, user deploy"), "\(unlock.output)")
            #expect(!FileManager.default.fileExists(atPath: lock))
            try stale.write(toFile: lock, atomically: true, encoding: .utf8)
            let unblocked = await scenario.cli(["plan", scenario.manifestPath])
            #expect(unblocked.exitCode == 0, "\(unblocked.error)")
            #expect(!FileManager.default.fileExists(atPath: lock))
            let again = await CLI.run(["state", "unlock", scenario.manifestPath])
            #expect(again.output.hasSuffix("is not locked.\n"), "\(again.output)")
        }
    }
}
