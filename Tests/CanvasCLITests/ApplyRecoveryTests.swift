import CanvasAPI
import CanvasEmulator
import Foundation
import Testing

/// An apply hit by failures: what it could do is done and recorded, what depended on a failed change
/// is skipped, it exits 1, and the next apply finishes the job without a duplicate.
struct ApplyRecoveryTests {
    @Test("with injected failures the apply fails part-way; the next one converges with no duplicates")
    func recovers() async throws {
        let copy = try PlanCommandTests.quickstartCopy()
        defer { try? FileManager.default.removeItem(atPath: copy.root) }
        let data = copy.root + "/emulator.json"

        // First run: a third of the calls fail (500s before the change, dropped connections after it).
        var failing = try await CanvasEmulator.start(EmulatorConfiguration(dataFile: data, failRate: 0.4, seed: 3))
        let keys = (consumer: failing.consumerKey, secret: failing.secretKey)
        func environment(_ emulator: RunningEmulator) -> [String: String] {
            ["CANVAS_URL": emulator.baseURL, "CANVAS_CONSUMER_KEY": keys.consumer, "CANVAS_SECRET_KEY": keys.secret,
             "QUINYX_API_KEY": PlanCommandTests.quinyxKey]
        }
        var first = await CLI.run(["apply", copy.manifests, "--auto-approve"], environment: environment(failing))
        // The seed decides which calls fail; find one that fails the apply itself, not the reads.
        var seed: UInt64 = 3
        while first.exitCode == 0 || !first.output.contains("Apply failed:") {
            await failing.shutdown()
            try? FileManager.default.removeItem(atPath: data)
            try? FileManager.default.removeItem(atPath: copy.manifests + "/canvasctl.state.json")
            seed += 1
            try #require(seed < 40, "no seed made the apply fail part-way: \(first.output)\(first.error)")
            failing = try await CanvasEmulator.start(EmulatorConfiguration(
                consumerKey: keys.consumer, secretKey: keys.secret, dataFile: data, failRate: 0.4, seed: seed
            ))
            first = await CLI.run(["apply", copy.manifests, "--auto-approve"], environment: environment(failing))
        }
        await failing.shutdown()
        #expect(first.exitCode == 1)
        #expect(first.output.contains("failed after"))

        // Second run, on the same data without failures: it finishes, and a plan then has nothing to do.
        let healthy = try await CanvasEmulator.start(EmulatorConfiguration(consumerKey: keys.consumer, secretKey: keys.secret, dataFile: data))
        let second = await CLI.run(["apply", copy.manifests, "--auto-approve"], environment: environment(healthy))
        #expect(second.exitCode == 0, "\(second.output)\(second.error)")
        let plan = await CLI.run(["plan", copy.manifests, "--detailed-exitcode"], environment: environment(healthy))
        #expect(plan.exitCode == 0, "\(plan.output)")

        let client = try CanvasClient(configuration: CanvasClientConfiguration(
            baseURL: healthy.baseURL, credentials: .keys(consumer: keys.consumer, secret: keys.secret)
        ))
        let applications = try await client.registeredApplications().compactMap(\.tagText)
        let workflows = try await client.workflows().compactMap(\.name)
        await healthy.shutdown()
        #expect(applications.count == 3 && Set(applications).count == 3, "no duplicate application: \(applications)")
        #expect(workflows.count == 3 && Set(workflows).count == 3, "no duplicate workflow: \(workflows)")
    }
}
