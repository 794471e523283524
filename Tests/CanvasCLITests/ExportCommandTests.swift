import CanvasAPI
import CanvasEmulator
import Foundation
import JSONSupport
import Testing

/// `canvasctl export`: an estate built by hand (through the API, not by canvasctl) is written as
/// manifests and adopted; with the credentials set, a plan on it has no changes; a later hand edit
/// is drift; files are never overwritten without --force.
struct ExportCommandTests {
    static let quinyx = CanvasID("97cbc3b3-32c7-4e4a-b788-a332ea82aeff")!
    static let ftp = CanvasID("5f814909-01ea-4395-96ee-5ba7614128fc")!
    static let demo = CanvasID("c35de990-ccfa-4aab-966e-96e0b3044d71")!
    static let csvExport = CanvasID("bbe52876-aca2-4ece-ba31-11e0d98ddc19")!
    static let managed = CanvasID("be4f3f1e-0e6d-4f68-b8d8-546163c5dfad")!

    /// The estate: in the keys' own account two applications and three workflows (two with one
    /// name, one scheduled, one with `${` in its description); in a managed account one of each.
    static func buildEstate(_ client: CanvasClient) async throws -> [String: CanvasID] {
        var ids: [String: CanvasID] = [:]
        ids["quinyx"] = try await client.createRegisteredApplication(.init(
            applicationId: quinyx, tagText: "Quinyx prod", credentials: ["apikey": "hand-made-key", "environment": "live"]))
        ids["ftp"] = try await client.createRegisteredApplication(.init(
            applicationId: ftp, tagText: "Tromsø files", credentials: ["address": "h", "port": "21", "username": "u", "password": "hand-made-password"]))
        let slots = ["QUIN": ids["quinyx"]!, "FTP": ids["ftp"]!]
        ids["sync"] = try await client.createWorkflow(.init(
            workflowTemplateId: demo, name: "Nightly sync", description: "Copies ${employees} every night", applications: slots))
        _ = try await client.updateScheduler(.init(
            workflowId: ids["sync"]!, isScheduled: true, scheduleFrequency: SchedulerFrequency(cronSchedule: "0 15 1 ? * MON-FRI")))
        ids["sync2"] = try await client.createWorkflow(.init(workflowTemplateId: demo, name: "Nightly sync", applications: slots))
        ids["csv"] = try await client.createWorkflow(.init(workflowTemplateId: csvExport, name: "CSV: export", applications: slots))
        let managedQuinyx = try await client.createRegisteredApplication(.init(
            applicationId: quinyx, tagText: "Quinyx branch", credentials: ["apikey": "branch-key", "environment": "test"]), account: managed)
        ids["managedQuinyx"] = managedQuinyx
        let managedFTP = try await client.createRegisteredApplication(.init(
            applicationId: ftp, tagText: "Branch files", credentials: ["address": "h", "port": "21", "username": "u", "password": "p"]), account: managed)
        ids["branch"] = try await client.createWorkflow(
            .init(workflowTemplateId: csvExport, name: "Branch export", applications: ["QUIN": managedQuinyx, "FTP": managedFTP]), account: managed)
        return ids
    }

    /// The variables export asked for, with a value each (the first choice of a select field).
    static func placeholderValues(_ output: String) -> [String: String] {
        var values: [String: String] = [:]
        for line in output.split(separator: "\n") where line.hasPrefix("  ") {
            let words = line.split(separator: " ")
            guard let name = words.first, name.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }), words.count >= 3 else { continue }
            if let range = line.range(of: "(one of ") {
                values[String(name)] = String(line[range.upperBound...].prefix { $0 != "," && $0 != ")" })
            } else {
                values[String(name)] = "value-\(name.lowercased())"
            }
        }
        return values
    }

    @Test("export of a hand-built estate; plan on it has no changes; a hand edit afterwards is drift")
    func exportThenPlan() async throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try await PlanCommandTests.withEmulator { emulator, environment in
            let client = try ApplyCommandTests.client(of: emulator)
            let ids = try await Self.buildEstate(client)
            let out = root + "/manifests"
            let export = await CLI.run(["export", "--out", out, "--account", "own", "--account", Self.managed.rawValue], environment: environment)
            #expect(export.exitCode == 0, "\(export.error)")
            #expect(export.output.hasPrefix("Exported 4 applications and 4 workflows from 2 accounts:\n"), "\(export.output)")
            #expect(export.output.contains("Adopted 8 resources in \(out)/canvasctl.state.json"), "\(export.output)")
            for secret in ["hand-made-key", "hand-made-password", "branch-key", emulator.secretKey] {
                #expect(!export.output.contains(secret) && !export.error.contains(secret))
            }

            let own = try String(contentsOfFile: out + "/own-account.yaml", encoding: .utf8)
            #expect(own.contains("  tromso-files:\n    app: FTP Server\n    name: Tromsø files\n"), "\(own)")
            #expect(own.contains("      apikey: ${env:QUINYX_PROD_APIKEY}"), "\(own)")
            #expect(own.contains("  nightly-sync:\n") && own.contains("  nightly-sync-2:\n"), "\(own)")
            #expect(own.contains("description: Copies $${employees} every night"), "a literal ${ is escaped: \(own)")
            #expect(own.contains("name: \"CSV: export\""), "\(own)")
            #expect(own.contains("cron: 0 15 1 ? * MON-FRI"), "\(own)")
            #expect(own.contains("# review: variables and chain settings cannot be read from Canvas"), "\(own)")
            #expect(!own.contains("account:"))
            let branch = try String(contentsOfFile: out + "/account-be4f3f1e.yaml", encoding: .utf8)
            #expect(branch.contains("account: \(Self.managed.rawValue)\n"), "\(branch)")
            #expect(branch.contains("  branch-export:\n"), "\(branch)")

            // Without the credentials the set does not load, naming what to set.
            let unset = await CLI.run(["plan", out], environment: environment)
            #expect(unset.exitCode == 1)
            #expect(unset.error.contains("QUINYX_PROD_APIKEY"), "\(unset.error)")

            var withCredentials = environment
            withCredentials.merge(Self.placeholderValues(export.output)) { $1 }
            #expect(withCredentials["QUINYX_PROD_ENVIRONMENT"] == "live")
            let plan = await CLI.run(["plan", out, "--detailed-exitcode"], environment: withCredentials)
            #expect(plan.exitCode == 0, "\(plan.output)\(plan.error)")
            #expect(plan.output == "No changes. The live accounts match the manifests.\n", "\(plan.output)")

            // The first apply records the credentials without sending them.
            let apply = await CLI.run(["apply", out, "--auto-approve"], environment: withCredentials)
            #expect(apply.exitCode == 0, "\(apply.error)")
            #expect(apply.output.contains("Recorded the credentials of 4 exported applications"), "\(apply.output)")
            let state = try String(contentsOfFile: out + "/canvasctl.state.json", encoding: .utf8)
            #expect(!state.contains("adoptedCredentials"))

            // A hand edit is drift.
            try await client.updateWorkflow(ids["csv"]!, .init(name: "CSV export (renamed by hand)"))
            let drift = await CLI.run(["plan", out, "--detailed-exitcode"], environment: withCredentials)
            #expect(drift.exitCode == 2)
            #expect(drift.output.contains("# workflow.csv-export (\"CSV export (renamed by hand)\") will be updated in place (drift: changed in Canvas since the last apply)"), "\(drift.output)")

            // Export again: refused without --force; with it, the files are written anew.
            let again = await CLI.run(["export", "--out", out], environment: environment)
            #expect(again.exitCode == 1)
            #expect(again.error.contains("already exist"), "\(again.error)")
            #expect(again.error.contains("--force"), "\(again.error)")
            let forced = await CLI.run(["export", "--out", out, "--force"], environment: environment)
            #expect(forced.exitCode == 0, "\(forced.error)")
            let rewritten = try String(contentsOfFile: out + "/own-account.yaml", encoding: .utf8)
            #expect(rewritten.contains("name: CSV export (renamed by hand)"), "\(rewritten)")
        }
    }

    @Test("export refuses a directory that holds other manifests, with or without --force, and writes nothing")
    func foreignManifests() async throws {
        let copy = try PlanCommandTests.quickstartCopy()
        defer { try? FileManager.default.removeItem(atPath: copy.root) }
        try await PlanCommandTests.withEmulator { _, environment in
            let before = try FileManager.default.contentsOfDirectory(atPath: copy.manifests).sorted()
            for arguments in [["export", "--out", copy.manifests], ["export", "--out", copy.manifests, "--force"]] {
                let run = await CLI.run(arguments, environment: environment)
                #expect(run.exitCode == 1)
                #expect(run.error.contains("already holds manifests that export does not write (applications.yaml, workflows.yaml)"), "\(run.error)")
                #expect(try FileManager.default.contentsOfDirectory(atPath: copy.manifests).sorted() == before)
            }
        }
    }

    @Test("export refuses a bad --account before connecting")
    func badAccount() async {
        let run = await CLI.run(["export", "--out", "x", "--account", "nope"])
        #expect(run.exitCode == 1)
        #expect(run.error.contains("--account takes an account id"), "\(run.error)")
    }
}
