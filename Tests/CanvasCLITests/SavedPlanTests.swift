import CanvasAPI
import CanvasEmulator
import Foundation
import JSONSupport
import Testing

/// `plan --out` and `apply --plan`: a reviewed plan carried out exactly, or refused when anything
/// changed since.
struct SavedPlanTests {
    /// Runs `body` with a plan of the quick start saved (`plan --out`) against a fresh emulator:
    /// the emulator, the environment that reaches it, and the plan file. `planning` changes the
    /// environment of the plan alone.
    static func withSavedPlan(
        planning: ([String: String]) -> [String: String] = { $0 },
        _ body: (RunningEmulator, [String: String], _ file: String) async throws -> Void
    ) async throws {
        let copy = try PlanCommandTests.quickstartCopy()
        defer { try? FileManager.default.removeItem(atPath: copy.root) }
        let file = copy.root + "/plan.json"
        try await PlanCommandTests.withEmulator { emulator, environment in
            let plan = await CLI.run(["plan", copy.manifests, "--out", file], environment: planning(environment))
            #expect(plan.exitCode == 0, "\(plan.error)")
            try await body(emulator, environment, file)
        }
    }

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
            #expect(apply.output.contains("Apply complete: 7 added, 0 changed, 0 replaced, 0 destroyed; 1 deploy."))
            PlanCommandTests.expectNoSecrets(apply, PlanCommandTests.secrets(of: emulator))
        }
    }

    @Test("a saved plan is refused once the live accounts changed, and nothing is changed")
    func stale() async throws {
        try await Self.withSavedPlan { emulator, environment, file in
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

    @Test("an edited plan file is refused before anything is sent to the endpoint it names")
    func editedEndpoint() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = directory + "/attacker.log"
        let attacker = try await CanvasEmulator.start(EmulatorConfiguration(requestLog: log))
        defer { Task { await attacker.shutdown() } }
        try await Self.withSavedPlan { emulator, environment, file in
            // Whoever can edit the file points it at their own server, and CI applies it.
            func escaped(_ url: String) -> String { url.replacingOccurrences(of: "/", with: "\\/") }
            let edited = try String(contentsOfFile: file, encoding: .utf8)
                .replacingOccurrences(of: emulator.baseURL, with: attacker.baseURL)
                .replacingOccurrences(of: escaped(emulator.baseURL), with: escaped(attacker.baseURL))
            #expect(edited.contains(attacker.baseURL) || edited.contains(escaped(attacker.baseURL)))
            try edited.write(toFile: file, atomically: true, encoding: .utf8)
            var keysOnly = environment
            keysOnly["CANVAS_URL"] = nil
            let apply = await CLI.run(["apply", "--plan", file], environment: keysOnly)
            #expect(apply.exitCode == 1)
            #expect(apply.error.contains("its authentication code does not match"), "\(apply.error)")
            #expect(apply.error.contains("nothing was sent"))
            let logged = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            #expect(logged.isEmpty, "the edited endpoint was called: \(logged)")
            PlanCommandTests.expectNoSecrets(apply, PlanCommandTests.secrets(of: emulator))
        }
    }

    @Test("a saved plan is refused when the endpoint in force is another one")
    func endpointInForce() async throws {
        try await Self.withSavedPlan { emulator, environment, file in
            var elsewhere = environment
            elsewhere["CANVAS_URL"] = "http://127.0.0.1:9/api"
            let apply = await CLI.run(["apply", "--plan", file], environment: elsewhere)
            #expect(apply.exitCode == 1)
            #expect(apply.error.contains("was made against \(emulator.baseURL), not http://127.0.0.1:9/api"), "\(apply.error)")
            // Without an endpoint in force, the plan's own (authenticated) one is used.
            var none = environment
            none["CANVAS_URL"] = nil
            let applied = await CLI.run(["apply", "--plan", file], environment: none)
            #expect(applied.exitCode == 0, "\(applied.error)")
        }
    }

    @Test("a plan made with other keys is refused")
    func otherKeys() async throws {
        try await Self.withSavedPlan(planning: { $0.merging(["CANVAS_FINGERPRINT_KEY": "another-fingerprint-key"]) { $1 } }) { _, environment, file in
            let apply = await CLI.run(["apply", "--plan", file], environment: environment)
            #expect(apply.exitCode == 1)
            #expect(apply.error.contains("was not made with these keys"), "\(apply.error)")
        }
    }

    @Test("a saved plan that cannot be read says why")
    func unreadable() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let missing = await CLI.run(["apply", "--plan", directory + "/missing.plan"])
        #expect(missing.exitCode == 1)
        #expect(missing.error.contains("cannot read the saved plan \(directory)/missing.plan: there is no such file"), "\(missing.error)")
        let folder = await CLI.run(["apply", "--plan", directory])
        #expect(folder.error.contains("cannot read the saved plan \(directory): it is a directory"), "\(folder.error)")
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
