import CanvasAPI
import CanvasEmulator
import Foundation
import Testing

/// A real `canvasctl apply` process killed with SIGKILL part-way: the next apply proceeds at once
/// (the state's lock died with the process; no `state unlock`) and converges with no duplicate.
struct KilledRunTests {
    /// The debug executable `swift build` made beside the tests.
    static let executable = CLI.repositoryRoot + "/.build/debug/canvasctl"

    @Test("apply killed with SIGKILL mid-way, three times: each next apply needs no unlock and converges without duplicates")
    func killedApply() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable), "build the package first: \(Self.executable)")
        let copy = try PlanCommandTests.quickstartCopy()
        defer { try? FileManager.default.removeItem(atPath: copy.root) }
        let emulator = try await CanvasEmulator.start(EmulatorConfiguration(latencyMilliseconds: 120))
        let environment = [
            "CANVAS_URL": emulator.baseURL, "CANVAS_CONSUMER_KEY": emulator.consumerKey, "CANVAS_SECRET_KEY": emulator.secretKey,
            "QUINYX_API_KEY": PlanCommandTests.quinyxKey, "PATH": "/usr/bin:/bin",
        ]
        let journal = copy.manifests + "/canvasctl.state.json.journal"
        for round in 0..<3 {
            // A new resource each round, so that every apply has changes to make when it is killed.
            if round > 0 {
                try "version: 1\napplications:\n  extra-\(round): { app: Quinyx, credentials: { apikey: k, environment: test } }\n"
                    .write(toFile: copy.manifests + "/extra-\(round).yaml", atomically: true, encoding: .utf8)
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.executable)
            process.arguments = ["apply", copy.manifests, "--auto-approve", "--parallelism", "1"]
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Killed once it has recorded a change, with more to go.
            let deadline = ContinuousClock.now + .seconds(20)
            while !FileManager.default.fileExists(atPath: journal), process.isRunning, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(process.isRunning, "round \(round): the apply ended before it could be killed")
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
            #expect(FileManager.default.fileExists(atPath: journal), "round \(round): it had recorded a change")

            let next = await CLI.run(["apply", copy.manifests, "--auto-approve"], environment: environment)
            #expect(next.exitCode == 0, "round \(round): \(next.error)")
            #expect(!next.error.contains("locked"), "round \(round): \(next.error)")
        }
        let plan = await CLI.run(["plan", copy.manifests, "--detailed-exitcode"], environment: environment)
        #expect(plan.exitCode == 0, "\(plan.output)\(plan.error)")
        let client = try CanvasClient(configuration: CanvasClientConfiguration(
            baseURL: emulator.baseURL, credentials: .keys(consumer: emulator.consumerKey, secret: emulator.secretKey)
        ))
        let applications = try await client.registeredApplications().compactMap(\.tagText)
        let workflows = try await client.workflows().compactMap(\.name)
        #expect(applications.count == Set(applications).count, "no duplicate application: \(applications.sorted())")
        #expect(workflows.count == Set(workflows).count, "no duplicate workflow: \(workflows.sorted())")
        #expect(applications.count == 5 && workflows.count == 3, "\(applications.sorted()) \(workflows.sorted())")
        await emulator.shutdown()
    }
}
