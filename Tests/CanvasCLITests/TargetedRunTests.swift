import Foundation
import Testing

/// `plan --target` and `apply --target` against the emulator: what a partial plan shows, what a
/// partial apply sends, and a saved partial plan.
struct TargetedRunTests {
    @Test("a targeted plan shows only the target and says it is partial; a targeted apply sends only its writes")
    func partial() async throws {
        try await ChangeScenario.run { scenario in
            try scenario.edit("description: CSV export", "description: CSV export, daily")
            try scenario.edit("name: Report", "name: Report\n    description: Weekly")
            let text = await scenario.cli(["plan", scenario.manifestPath, "--target", "workflow.export"])
            #expect(text.exitCode == 0, "\(text.error)")
            #expect(text.output.contains("# workflow.export (\"Export\") will be updated in place"), "\(text.output)")
            #expect(!text.output.contains("workflow.report"))
            #expect(text.output.contains(
                "Partial plan (--target workflow.export): only these resources, what they depend on, and what depends on what they delete. "
                    + "1 other change is left out; plan without --target to see it."
            ))
            #expect(text.output.hasSuffix("Plan: 0 to add, 1 to change, 0 to replace, 0 to destroy.\n"))

            let json = await scenario.cli(["plan", scenario.manifestPath, "--target", "workflow.export", "--format", "json"])
            let plan = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
            #expect(plan["targets"] as? [String] == ["workflow.export"])
            #expect(plan["omitted"] as? Int == 1)

            let apply = await scenario.cli(["apply", scenario.manifestPath, "--target", "workflow.export", "--auto-approve"])
            #expect(apply.exitCode == 0, "\(apply.output)\(apply.error)")
            let writes = try scenario.newWrites()
            #expect(writes.count == 1 && writes.allSatisfy { $0.contains("Workflow") }, "\(writes)")
            #expect(try await scenario.plan().changes == ["update workflow.report"])
        }
    }

    @Test("a target's changed dependencies come with it, and an unknown or malformed target is refused")
    func dependenciesAndRefusals() async throws {
        try await ChangeScenario.run { scenario in
            try scenario.edit(
                "name: Report\n    template: Quinyx Employee Export Into FTP(CSV)\n    applications: {QUIN: quinyx, FTP: ftp}",
                "name: Report\n    template: Quinyx Employee Export Into FTP(CSV)\n    applications: {QUIN: quinyx, FTP: ftp2}"
            )
            try scenario.edit("  hub:", "  ftp2:\n    app: FTP\n    name: FTP two\n    credentials: {address: ftp2.example, port: 21, username: canvas, password: two}\n  hub:")
            try scenario.edit("description: CSV export", "description: CSV export, daily")
            let json = await scenario.cli(["plan", scenario.manifestPath, "--target", "workflow.report", "--format", "json"])
            #expect(json.exitCode == 0, "\(json.error)")
            let plan = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
            let addresses = (plan["changes"] as? [[String: Any]] ?? []).filter { $0["action"] as? String != "noop" }.compactMap { $0["address"] as? String }
            #expect(addresses == ["application.ftp2", "workflow.report"], "\(json.output)")

            let unknown = await scenario.cli(["plan", scenario.manifestPath, "--target", "workflow.reprot"])
            #expect(unknown.exitCode == 1)
            #expect(unknown.error == "error: --target workflow.reprot names no resource of the manifests or the state; did you mean workflow.report?\n")
            for bad in ["report", "deploy.sync", "workflow.sync~1a2b3c4d"] {
                let malformed = await scenario.cli(["plan", scenario.manifestPath, "--target", bad])
                #expect(malformed.exitCode == 1)
                #expect(malformed.error.contains("--target takes a resource's address, as in --target workflow.export: application.KEY, workflow.KEY, schedule.KEY."), "\(malformed.error)")
            }
            #expect(try scenario.newWrites().isEmpty)
        }
    }

    @Test("a saved targeted plan carries its targets; apply --plan takes no --target of its own")
    func saved() async throws {
        try await ChangeScenario.run { scenario in
            try scenario.edit("description: CSV export", "description: CSV export, daily")
            try scenario.edit("name: Report", "name: Report\n    description: Weekly")
            let planFile = scenario.root + "/export.plan"
            let plan = await scenario.cli(["plan", scenario.manifestPath, "--target", "workflow.export", "--out", planFile])
            #expect(plan.exitCode == 0, "\(plan.error)")
            let saved = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: planFile))) as? [String: Any])
            #expect((saved["plan"] as? [String: Any])?["targets"] as? [String] == ["workflow.export"])

            let refused = await scenario.cli(["apply", "--plan", planFile, "--target", "workflow.report"])
            #expect(refused.exitCode == 1)
            #expect(refused.error.contains("--plan carries out a saved plan with its own targets"), "\(refused.error)")

            let apply = await scenario.cli(["apply", "--plan", planFile])
            #expect(apply.exitCode == 0, "\(apply.error)")
            #expect(apply.output.contains("Partial plan (--target workflow.export)"))
            #expect(try await scenario.plan().changes == ["update workflow.report"])
        }
    }
}
