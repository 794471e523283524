import CanvasAPI
import CanvasCLI
import Foundation
import Testing

/// A plan of the quick start after an edit, read as a person reads it next to Canvas: the names and
/// ids Canvas shows, values as the manifest writes them, and deploys counted apart.
struct PlanDetailTests {
    @Test("an edited quick start plans with the cron as written, the workflow's name and id, the unchanged count and the deploy on its own")
    func editedQuickstart() async throws {
        let copy = try PlanCommandTests.quickstartCopy()
        defer { try? FileManager.default.removeItem(atPath: copy.root) }
        try await PlanCommandTests.withEmulator { emulator, environment in
            let apply = await CLI.run(["apply", copy.manifests, "--auto-approve"], environment: environment)
            #expect(apply.exitCode == 0, "\(apply.output)\(apply.error)")
            let client = try ApplyCommandTests.client(of: emulator)
            let sync = try #require(try await client.workflows().first { $0.name == "Employee sync (Acme)" })

            let file = copy.manifests + "/workflows.yaml"
            var text = try String(contentsOfFile: file, encoding: .utf8)
            for (old, new) in [
                (#"cron: "0 0 2 ? * MON-FRI *""#, #"cron: "0 0 3 ? * MON-FRI *""#),
                ("description: Nightly copy of Quinyx employees to the FTP server", "description: Nightly copy of Quinyx employees"),
            ] {
                #expect(text.contains(old))
                text = text.replacingOccurrences(of: old, with: new)
            }
            try text.write(toFile: file, atomically: true, encoding: .utf8)

            let plan = await CLI.run(["plan", copy.manifests, "--detailed-exitcode"], environment: environment)
            #expect(plan.exitCode == 2, "\(plan.output)\(plan.error)")
            let expected = """
                  # schedule.employee-sync ("Employee sync (Acme)") will be updated in place
                  ~ schedule "employee-sync" {
                        id   = "\(sync.id.rawValue)"
                      ~ cron = "0 0 2 ? * MON-FRI *" -> "0 0 3 ? * MON-FRI *"
                      # (1 unchanged attribute hidden)
                """
            #expect(plan.output.contains(expected), "the cron as written, not as compared (2-6): \(plan.output)")
            let workflow = """
                  # workflow.employee-sync ("Employee sync (Acme)") will be updated in place
                  ~ workflow "employee-sync" {
                        id          = "\(sync.id.rawValue)"
                      ~ description = "Nightly copy of Quinyx employees to the FTP server" -> "Nightly copy of Quinyx employees"
                      # (6 unchanged attributes hidden)
                    }

                  # deploy.employee-sync ("Employee sync (Acme)") will run (workflow.employee-sync changes)
                """
            #expect(plan.output.contains(workflow), "the name and id Canvas shows, and the deploy right after: \(plan.output)")
            // The day-of-week as compared (2-6) is not shown; a bare "2-6" would also match a random id (…3882-689c…).
            #expect(!plan.output.contains("? * 2-6"), "\(plan.output)")
            #expect(plan.output.hasSuffix("\nPlan: 0 to add, 2 to change, 0 to replace, 0 to destroy; 1 deploy.\n"), "\(plan.output)")

            let applied = await CLI.run(["apply", copy.manifests, "--auto-approve"], environment: environment)
            #expect(applied.exitCode == 0, "\(applied.output)\(applied.error)")
            #expect(applied.output.hasSuffix("\nApply complete: 0 added, 2 changed, 0 replaced, 0 destroyed; 1 deploy.\n"), "\(applied.output)")
        }
    }
}
