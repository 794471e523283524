import CanvasAPI
import CanvasEmulator
import Foundation
import JSONSupport
import Testing

/// `plan --out` and `apply --plan`: a reviewed plan carried out exactly, or refused when anything
/// changed since.
struct SavedPlanTests {
    @Test("a saved plan applies exactly, without asking, and holds no secret")
    func appliesExactly() async throws {
        let copy = try PlanCommandTests.quickstartCopy()
        defer { try? FileManager.default.removeItem(atPath: copy.root) }
        let file = copy.root + "/plan.json"
        try await PlanCommandTests.withEmulator { emulator, environment in
            let plan = await CLI.run(["plan", copy.manifests, "--out", file], environment: environment)
            #expect(plan.exitCode == 0, "\(plan.error)")
            #expect(plan.error.contains("Saved the plan to \(file)"))
            let saved = try String(contentsOfFile: file, encoding: .utf8)
            for secret in PlanCommandTests.secrets(of: emulator) { #expect(!saved.contains(secret), "the saved plan holds a secret") }

            let apply = await CLI.run(["apply", "--plan", file], environment: environment)
            #expect(apply.exitCode == 0, "\(apply.output)\(apply.error)")
            #expect(apply.output.contains("Apply complete: 8 added, 0 changed, 0 replaced, 0 destroyed."))
            PlanCommandTests.expectNoSecrets(apply, PlanCommandTests.secrets(of: emulator))
        }
    }

    @Test("a saved plan is refused once the live accounts changed, and nothing is changed")
    func stale() async throws {
        let copy = try PlanCommandTests.quickstartCopy()
        defer { try? FileManager.default.removeItem(atPath: copy.root) }
        let file = copy.root + "/plan.json"
        try await PlanCommandTests.withEmulator { emulator, environment in
            let plan = await CLI.run(["plan", copy.manifests, "--out", file], environment: environment)
            #expect(plan.exitCode == 0)
            // Someone registers an application by hand in between.
            let client = try CanvasClient(configuration: CanvasClientConfiguration(
                baseURL: emulator.baseURL, credentials: .keys(consumer: emulator.consumerKey, secret: emulator.secretKey)
            ))
            _ = try await client.createRegisteredApplication(AddRegApplicationApiDto(
                applicationId: CanvasID("97cbc3b3-32c7-4e4a-b788-a332ea82aeff")!, tagText: "By hand", credentials: ["apikey": "x", "environment": "test"]
            ))
            let apply = await CLI.run(["apply", "--plan", file], environment: environment)
            #expect(apply.exitCode == 1)
            #expect(apply.error.contains("is stale"))
            let registered = try await client.registeredApplications()
            #expect(registered.map(\.tagText) == ["By hand"], "nothing was applied")
        }
    }

    @Test("apply takes PATHs or --plan, not neither and not both")
    func usage() async {
        let neither = await CLI.run(["apply"])
        #expect(neither.exitCode == 1)
        #expect(neither.error.contains("apply needs manifest PATHs, or --plan FILE"))
        let both = await CLI.run(["apply", "x.yaml", "--plan", "p.json"])
        #expect(both.exitCode == 1)
        #expect(both.error.contains("give either PATHs or --plan, not both"))
    }
}
