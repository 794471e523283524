import Foundation
import Testing

/// The guardrail against plans that destroy too much: flagged by `plan`, refused by `apply`
/// unless `--allow-destroy`.
struct DestroyGuardrailTests {
    @Test("an empty manifest file flags the deletion of everything at plan, and apply refuses it without --allow-destroy")
    func emptyManifest() async throws {
        try await ChangeScenario.run { scenario in
            let empty = scenario.root + "/empty"
            try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
            try "version: 1\n".write(toFile: empty + "/canvas.yaml", atomically: true, encoding: .utf8)
            let state = scenario.root + "/canvasctl.state.json"
            let stateBefore = try String(contentsOfFile: state, encoding: .utf8)
            let warning = "Warning: the plan destroys all 6 resources the state manages in the default account "
                + "(the manifest files read were \(empty)/canvas.yaml)"

            let plan = await scenario.cli(["plan", empty, "--state", state])
            #expect(plan.exitCode == 0, "\(plan.error)")
            #expect(plan.output.contains("Plan: 0 to add, 0 to change, 0 to replace, 8 to destroy."), "\(plan.output)")
            #expect(plan.output.hasSuffix(warning + "; apply refuses this plan without --allow-destroy.\n"), "\(plan.output)")
            let json = await scenario.cli(["plan", empty, "--state", state, "--format", "json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
            #expect((object["warnings"] as? [String])?.count == 1)

            let refused = await scenario.cli(["apply", empty, "--state", state, "--auto-approve"])
            #expect(refused.exitCode == 1)
            #expect(refused.error.contains("error: the plan destroys all 6 resources the state manages in the default account"), "\(refused.error)")
            #expect(refused.error.contains("Nothing was changed. Check the paths and the manifests; if the plan is meant, apply with --allow-destroy."))
            #expect(try scenario.newWrites().isEmpty)
            #expect(try String(contentsOfFile: state, encoding: .utf8) == stateBefore)

            let allowed = await scenario.cli(["apply", empty, "--state", state, "--auto-approve", "--allow-destroy"])
            #expect(allowed.exitCode == 0, "\(allowed.error)")
            #expect(allowed.output.contains("Apply complete: 0 added, 0 changed, 0 replaced, 8 destroyed."), "\(allowed.output)")
        }
    }

    @Test("--max-destroy flags and refuses more deletes than it allows, and lets as many through")
    func maxDestroy() async throws {
        try await ChangeScenario.run { scenario in
            let text = try String(contentsOfFile: scenario.manifestPath, encoding: .utf8)
            let cut = try #require(text.range(of: "  report:"))
            try String(text[..<cut.lowerBound]).write(toFile: scenario.manifestPath, atomically: true, encoding: .utf8)

            let plan = await scenario.cli(["plan", scenario.manifestPath, "--max-destroy", "0"])
            #expect(plan.exitCode == 0)
            #expect(plan.output.contains("Warning: the plan destroys 1 resources, more than --max-destroy 0"), "\(plan.output)")
            let refused = await scenario.cli(["apply", scenario.manifestPath, "--auto-approve", "--max-destroy", "0"])
            #expect(refused.exitCode == 1)
            #expect(refused.error.contains("more than --max-destroy 0"))
            #expect(try scenario.newWrites().isEmpty)

            let quiet = await scenario.cli(["plan", scenario.manifestPath])
            #expect(!quiet.output.contains("Warning:"), "one of several workflows is not everything")
            let applied = await scenario.cli(["apply", scenario.manifestPath, "--auto-approve", "--max-destroy", "1"])
            #expect(applied.exitCode == 0, "\(applied.error)")
            #expect(applied.output.contains("1 destroyed"))
        }
    }
}
