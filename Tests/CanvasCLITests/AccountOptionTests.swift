import CanvasAPI
import CanvasEmulator
import Foundation
import Testing

/// `--account` / `CANVAS_MANAGED_ACCOUNT_ID`: the managed account of documents without `account:`.
struct AccountOptionTests {
    static let oslo = "be4f3f1e-0e6d-4f68-b8d8-546163c5dfad"

    @Test("the quick start applied with --account lands in that account, and plans there after")
    func applyToAccount() async throws {
        let copy = try PlanCommandTests.quickstartCopy()
        defer { try? FileManager.default.removeItem(atPath: copy.root) }
        try await PlanCommandTests.withEmulator { emulator, environment in
            let apply = await CLI.run(["apply", copy.manifests, "--auto-approve", "--account", Self.oslo], environment: environment)
            #expect(apply.exitCode == 0, "\(apply.output)\(apply.error)")
            let client = try CanvasClient(configuration: CanvasClientConfiguration(
                baseURL: emulator.baseURL, credentials: .keys(consumer: emulator.consumerKey, secret: emulator.secretKey)
            ))
            let inOslo = try await client.registeredApplications(account: CanvasID(Self.oslo)!)
            let own = try await client.registeredApplications()
            #expect(inOslo.count == 3)
            #expect(own.isEmpty, "nothing in the keys' own account")

            var withVariable = environment
            withVariable["CANVAS_MANAGED_ACCOUNT_ID"] = Self.oslo
            let plan = await CLI.run(["plan", copy.manifests, "--detailed-exitcode"], environment: withVariable)
            #expect(plan.exitCode == 0, "the environment variable names the same account: \(plan.output)")
        }
    }

    @Test("documents without account: under --account X and documents with account: X are one account: one group, one bound")
    func oneAccountOneGroup() async throws {
        let copy = try PlanCommandTests.quickstartCopy()
        defer { try? FileManager.default.removeItem(atPath: copy.root) }
        try "version: 1\naccount: \(Self.oslo)\napplications:\n  oslo-hub:\n    app: File Hub\n    name: Oslo hub\n"
            .write(toFile: copy.manifests + "/oslo.yaml", atomically: true, encoding: .utf8)
        try await PlanCommandTests.withEmulator { _, environment in
            let plan = await CLI.run(["plan", copy.manifests, "--account", Self.oslo], environment: environment)
            #expect(plan.exitCode == 0, "\(plan.error)")
            #expect(plan.output.contains("application \"oslo-hub\""), "\(plan.output)")
            // One group: no group headings at all (they show when a plan spans several).
            #expect(!plan.output.contains("── "), "\(plan.output)")
            let elsewhere = await CLI.run(["plan", copy.manifests], environment: environment)
            #expect(elsewhere.output.contains("── account \(Self.oslo) ──"), "\(elsewhere.output)")
            #expect(elsewhere.output.contains("── default account ──"), "\(elsewhere.output)")
        }
    }

    @Test("an --account that is not a GUID is refused")
    func badAccount() async throws {
        let copy = try PlanCommandTests.quickstartCopy()
        defer { try? FileManager.default.removeItem(atPath: copy.root) }
        try await PlanCommandTests.withEmulator { _, environment in
            let plan = await CLI.run(["plan", copy.manifests, "--account", "oslo"], environment: environment)
            #expect(plan.exitCode == 1)
            #expect(plan.error.contains("--account (or CANVAS_MANAGED_ACCOUNT_ID) must be a GUID"))
        }
    }
}
