import CanvasAPI
import Foundation
import JSONSupport
import Testing

/// Drift: changes made in Canvas by hand since the last apply are marked as such in every plan
/// format, apart from changes made in the manifests; a scheduled `plan --detailed-exitcode` fails
/// on them; apply puts them back.
struct DriftTests {
    @Test("hand edits in Canvas show up as drift, manifest edits do not; apply puts them back")
    func handEdits() async throws {
        try await ChangeScenario.run { scenario in
            let client = try ApplyCommandTests.client(of: scenario.emulator)
            let export = try scenario.liveID("workflow.export")
            // By hand: a rename, a deleted workflow, a scheduler switched off.
            try await client.updateWorkflow(export, EditWorkflowApiDto(name: "Export (edited by hand)"))
            try await client.deleteWorkflow(try scenario.liveID("workflow.report"))
            let sync = try await client.workflow(try scenario.liveID("workflow.sync"))
            _ = try await client.updateScheduler(UpdateWorkfowSchedulerApiDto(
                workflowId: sync.id, isScheduled: false, scheduleFrequency: try #require(sync.schedulerFrequency)
            ))
            // In the manifests: a new description, which is not drift.
            try scenario.edit("description: Nightly sync", "description: Nightly sync, v2")

            let detailed = await scenario.cli(["plan", scenario.manifestPath, "--detailed-exitcode"])
            #expect(detailed.exitCode == 2)
            let text = detailed.output
            #expect(text.contains("# workflow.export (\"Export (edited by hand)\") will be updated in place (drift: changed in Canvas since the last apply)"), "\(text)")
            #expect(text.contains("~ name = \"Export (edited by hand)\" -> \"Export\" # drift"), "\(text)")
            #expect(text.contains("# workflow.report (\"Report\") will be created (drift: deleted in Canvas since the last apply)"), "\(text)")
            #expect(text.contains("# schedule.sync (\"Sync\") will be updated in place (drift: changed in Canvas since the last apply)"), "\(text)")
            #expect(text.contains("# workflow.sync (\"Sync\") will be updated in place\n"), "a manifest edit is not drift: \(text)")
            #expect(text.contains("3 of these changes undo a change made by hand since the last apply (drift)."), "\(text)")

            let plan = try await scenario.plan()
            let drifted = (plan.json["changes"] as? [[String: Any]] ?? []).filter { $0["drift"] as? Bool == true }.compactMap { $0["address"] as? String }
            #expect(drifted == ["schedule.sync", "workflow.export", "workflow.report"])
            #expect(ChangeScenario.change("workflow.export", in: plan.json)?["drifted_attributes"] as? [String] == ["name"])
            #expect((plan.json["summary"] as? [String: Any])?["drift"] as? Int == 3)

            let markdown = await scenario.cli(["plan", scenario.manifestPath, "--format", "markdown"])
            #expect(markdown.output.contains("| `~` | `workflow.export` | update | **drift**: changed in Canvas since the last apply |"), "\(markdown.output)")

            let apply = try await scenario.apply()
            #expect(apply.run.exitCode == 0, "\(apply.run.error)")
            let clean = await scenario.cli(["plan", scenario.manifestPath, "--detailed-exitcode"])
            #expect(clean.exitCode == 0, "\(clean.output)")
        }
    }

    /// A hand edit of one field of a workflow that is otherwise as last applied (its variables as
    /// recorded): what the planner tells without describing either side must still see it.
    enum HandEdit: String, CaseIterable, Sendable {
        case name, description, applications
    }

    @Test("a hand edit of one field of a workflow recorded as applied is an update of that field alone", arguments: HandEdit.allCases)
    func oneFieldEditedByHand(_ edit: HandEdit) async throws {
        try await ChangeScenario.run { scenario in
            let client = try ApplyCommandTests.client(of: scenario.emulator)
            let sync = try scenario.liveID("workflow.sync")
            let untouched = try await scenario.plan()
            #expect(untouched.changes.isEmpty, "\(untouched.changes)")
            switch edit {
            case .name:
                try await client.updateWorkflow(sync, EditWorkflowApiDto(name: "Synd"))
            case .description:
                try await client.updateWorkflow(sync, EditWorkflowApiDto(description: "Nightly synd"))
            case .applications:
                // Another managed FTP application, with a key as long as `ftp`'s, in its slot.
                try scenario.edit("    name: Hub\n", "    name: Hub\n  ft2:\n    app: FTP\n    name: FTP two\n    credentials: {address: ftp2.example, port: 21, username: canvas, password: two}\n")
                let added = try await scenario.apply()
                try #require(added.run.exitCode == 0, "\(added.run.error)")
                let ft2 = try scenario.liveID("application.ft2")
                try await client.updateWorkflow(sync, EditWorkflowApiDto(applications: ["QUIN": try scenario.liveID("application.quinyx"), "FTP": ft2]))
            }
            let plan = try await scenario.plan()
            // (`sync` is deployed: a change to it is deployed again.)
            #expect(plan.changes == ["create deploy.sync", "update workflow.sync"], "\(plan.changes)")
            let change = try #require(ChangeScenario.change("workflow.sync", in: plan.json))
            #expect(change["drifted_attributes"] as? [String] == [edit.rawValue], "\(change)")
        }
    }
}
