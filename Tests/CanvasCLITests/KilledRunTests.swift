import CanvasAPI
import CanvasEmulator
import Foundation
import PostgresTestCluster
import Testing

/// A real `canvasctl apply` process killed with SIGKILL part-way: the next apply converges with no
/// duplicate. The locks of a file and of PostgreSQL died with the process (no `state unlock`); an
/// HTTP state server keeps its lock, and the refusal names the `state unlock LOCK_ID` that clears it.
struct KilledRunTests {
    enum Backend: String, CaseIterable, CustomTestStringConvertible {
        case file, http, postgres
        var testDescription: String { rawValue }
    }

    /// The debug executable `swift build` made beside the tests.
    static let executable = CLI.repositoryRoot + "/.build/debug/canvasctl"

    @Test(
        "apply killed with SIGKILL mid-way, three times: the next apply converges without duplicates, with no unlock for a file or PostgreSQL and after the unlock its refusal names for an HTTP state",
        arguments: Backend.allCases
    )
    func killedApply(backend: Backend) async throws {
        let onServer = backend == .http
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable), "build the package first: \(Self.executable)")
        let copy = try PlanCommandTests.quickstartCopy()
        defer { try? FileManager.default.removeItem(atPath: copy.root) }
        let server = try await HTTPStateServer.start()
        // Slow enough that an apply is still going when its first change is recorded.
        let emulator = try await CanvasEmulator.start(EmulatorConfiguration(latencyMilliseconds: 250))
        var environment = [
            "CANVAS_URL": emulator.baseURL, "CANVAS_CONSUMER_KEY": emulator.consumerKey, "CANVAS_SECRET_KEY": emulator.secretKey,
            "QUINYX_API_KEY": PlanCommandTests.quinyxKey, "PATH": "/usr/bin:/bin",
        ]
        if onServer { environment.merge(server.environment.merging(["CANVAS_STATE": server.address()]) { $1 }) { $1 } }
        var cluster: PostgresTestCluster?
        var database = ""
        if backend == .postgres {
            cluster = try await PostgresTestCluster.shared()
            database = try await cluster!.createDatabase()
            environment["CANVAS_STATE"] = cluster!.url(database: database)
        }
        let journal = copy.manifests + "/canvasctl.state.json.journal"
        var recordedBefore = "0\n"
        /// Whether the run is under way: it has recorded a change (in the journal, or a row more in
        /// PostgreSQL), or (on the server, which sees no change until an upload) it holds the
        /// server's lock.
        func underWay() async -> Bool {
            switch backend {
            case .file: FileManager.default.fileExists(atPath: journal)
            case .http: server.with { $0.lockID != nil }
            case .postgres: await ((try? cluster!.sql("SELECT count(*) FROM canvasctl.records", database: database)) ?? recordedBefore) != recordedBefore
            }
        }
        for round in 0..<3 {
            // New resources each round, so that every apply has changes left to make when it is killed.
            if round > 0 {
                let extras = (1...3).map { "  extra-\(round)-\($0): { app: Quinyx, credentials: { apikey: k, environment: test } }\n" }
                try ("version: 1\napplications:\n" + extras.joined()).write(toFile: copy.manifests + "/extra-\(round).yaml", atomically: true, encoding: .utf8)
            }
            if backend == .postgres, round > 0 { recordedBefore = try await cluster!.sql("SELECT count(*) FROM canvasctl.records", database: database) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.executable)
            process.arguments = ["apply", copy.manifests, "--auto-approve", "--parallelism", "1"]
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let exit = ProcessExit(process)
            try process.run()
            // Killed once it has recorded a change, with more to go.
            let deadline = ContinuousClock.now + .seconds(20)
            while await !underWay(), process.isRunning, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            // On the server: a change or two made in Canvas, none uploaded yet.
            if onServer { try await Task.sleep(for: .milliseconds(600)) }
            #expect(process.isRunning, "round \(round): the apply ended before it could be killed")
            kill(process.processIdentifier, SIGKILL)
            await exit.wait()
            #expect(process.terminationReason == .uncaughtSignal)
            if backend == .file { #expect(FileManager.default.fileExists(atPath: journal), "round \(round): it had recorded a change") }

            var next = await CLI.run(["apply", copy.manifests, "--auto-approve"], environment: environment)
            if onServer {
                // The server keeps a killed run's lock: the refusal names the unlock that clears it.
                #expect(next.exitCode == 1 && next.error.contains("is locked"), "round \(round): \(next.error)")
                let command = try #require(next.error.components(separatedBy: "clear it with `").dropFirst().first?.components(separatedBy: "`").first)
                let unlock = await CLI.run(Array(command.split(separator: " ").dropFirst().map(String.init)), environment: environment)
                #expect(unlock.exitCode == 0, "round \(round): \(unlock.error)")
                next = await CLI.run(["apply", copy.manifests, "--auto-approve"], environment: environment)
            }
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
        #expect(applications.count == 9 && workflows.count == 3, "\(applications.sorted()) \(workflows.sorted())")
        await emulator.shutdown()
        await server.stop()
    }
}
