import CanvasAPI
import CanvasEmulator
import Foundation
import StateStore
import Testing

/// The state on a server of Terraform's HTTP state protocol (`--state http(s)://…`), end to end
/// through the CLI against the emulator and a protocol server on loopback.
struct HTTPStateBackendTests {
    /// Runs `body` with the quick start, an emulator, a state server and the environment that
    /// reaches them (the state named by `CANVAS_STATE`).
    static func withServers(
        _ body: (_ copy: (root: String, manifests: String), _ server: HTTPStateServer, _ environment: [String: String]) async throws -> Void
    ) async throws {
        let copy = try PlanCommandTests.quickstartCopy()
        defer { try? FileManager.default.removeItem(atPath: copy.root) }
        let server = try await HTTPStateServer.start()
        do {
            try await PlanCommandTests.withEmulator { _, base in
                var environment = base.merging(server.environment) { $1 }
                environment["CANVAS_STATE"] = server.address()
                try await body(copy, server, environment)
            }
            await server.stop()
        } catch {
            await server.stop()
            throw error
        }
    }

    @Test("apply records the state on the server; plan, state list and run read it; nothing shows the password")
    func applyAndPlan() async throws {
        try await Self.withServers { copy, server, environment in
            let apply = await CLI.run(["apply", copy.manifests, "--auto-approve"], environment: environment)
            #expect(apply.exitCode == 0, "\(apply.error)")
            #expect(!FileManager.default.fileExists(atPath: copy.manifests + "/canvasctl.state.json"), "no local state")
            let stored = try #require(server.with { $0.state })
            let json = try #require(try JSONSerialization.jsonObject(with: Data(stored)) as? [String: Any])
            #expect((json["records"] as? [String: Any])?.count == 6, "\(json.keys)")
            // One upload at the end, and one every 5 seconds before it on a slow machine.
            #expect((json["serial"] as? Int ?? 0) >= 1, "\(json["serial"] ?? "none")")
            #expect(json["lineage"] is String)
            #expect(server.with { $0.lockID } == nil, "unlocked at the end")

            let plan = await CLI.run(["plan", copy.manifests, "--detailed-exitcode"], environment: environment)
            #expect(plan.exitCode == 0, "\(plan.output)\(plan.error)")
            let list = await CLI.run(["state", "list"], environment: environment)
            #expect(list.exitCode == 0, "\(list.error)")
            #expect(list.output.contains("workflow.employee-sync"), "\(list.output)")
            for run in [apply, plan, list] {
                #expect(!run.output.contains(server.password) && !run.error.contains(server.password))
            }
            let log = server.with { $0.log }
            #expect(log.contains("POST /state/prod/lock") && log.contains("DELETE /state/prod/lock"), "\(log)")
        }
    }

    @Test("a lock held on the server refuses the run with its holder and ID, until state unlock ID", arguments: [423, 409])
    func heldLock(status: Int) async throws {
        try await Self.withServers { copy, server, environment in
            let held = #"{"ID":"3c1d2e4f-held","Operation":"OperationTypeApply","Info":"","Who":"alice@laptop","Version":"1.9.0","Created":"2026-12-07T03:00:00Z","Path":""}"#
            server.with {
                $0.lock = Array(held.utf8)
                $0.lockID = "3c1d2e4f-held"
                $0.heldStatus = status
            }
            let refused = await CLI.run(["plan", copy.manifests], environment: environment)
            #expect(refused.exitCode == 1)
            #expect(refused.error.contains("locked by `OperationTypeApply` by alice@laptop since 2026-12-07T03:00:00Z (lock ID 3c1d2e4f-held)"), "\(refused.error)")
            #expect(refused.error.contains("canvasctl state unlock 3c1d2e4f-held --state \(server.address())"), "\(refused.error)")

            let unlock = await CLI.run(["state", "unlock", "3c1d2e4f-held"], environment: environment)
            #expect(unlock.exitCode == 0, "\(unlock.error)")
            #expect(unlock.output.contains("Released the lock 3c1d2e4f-held"), "\(unlock.output)")
            let plan = await CLI.run(["plan", copy.manifests], environment: environment)
            #expect(plan.exitCode == 0, "\(plan.error)")
        }
    }

    @Test("503s are retried; a refused upload fails the apply with the server's message, and the next apply converges")
    func faults() async throws {
        try await Self.withServers { copy, server, environment in
            server.with { $0.failures = 2 }
            let plan = await CLI.run(["plan", copy.manifests], environment: environment)
            #expect(plan.exitCode == 0, "\(plan.error)")

            server.with { $0.refuseUploads = true }
            let refused = await CLI.run(["apply", copy.manifests, "--auto-approve"], environment: environment)
            #expect(refused.exitCode == 1)
            #expect(refused.error.contains("HTTP 400: upload refused"), "\(refused.error)")
            #expect(server.with { $0.lockID } == nil, "unlocked after the failure")

            server.with { $0.refuseUploads = false }
            let apply = await CLI.run(["apply", copy.manifests, "--auto-approve"], environment: environment)
            #expect(apply.exitCode == 0, "\(apply.error)")
            let again = await CLI.run(["plan", copy.manifests, "--detailed-exitcode"], environment: environment)
            #expect(again.exitCode == 0, "\(again.output)\(again.error)")
        }
    }

    @Test("two applies at once on one state: exactly one changes anything")
    func concurrentApplies() async throws {
        try await Self.withServers { copy, server, environment in
            async let first = CLI.run(["apply", copy.manifests, "--auto-approve"], environment: environment)
            async let second = CLI.run(["apply", copy.manifests, "--auto-approve"], environment: environment)
            let runs = await [first, second]
            #expect(runs.filter { $0.exitCode == 0 }.count >= 1, "\(runs.map(\.error))")
            let changed = runs.filter { $0.output.contains("Apply complete: 7 added") }
            #expect(changed.count == 1, "\(runs.map(\.output))")
            let other = runs.first { !$0.output.contains("Apply complete: 7 added") }
            #expect(other?.error.contains("is locked") == true || other?.output.contains("Nothing to apply") == true, "\(other?.error ?? "")")
        }
    }

    @Test("state migrate copies a file's state to a server, both locked; pull prints it; push refuses another lineage or an older serial without --force")
    func migratePullPush() async throws {
        try await Self.withServers { copy, server, serverEnvironment in
            var fileEnvironment = serverEnvironment
            fileEnvironment["CANVAS_STATE"] = nil
            let apply = await CLI.run(["apply", copy.manifests, "--auto-approve"], environment: fileEnvironment)
            #expect(apply.exitCode == 0, "\(apply.error)")
            let statePath = copy.manifests + "/canvasctl.state.json"
            let fileBefore = try String(contentsOfFile: statePath, encoding: .utf8)

            let migrate = await CLI.run(["state", "migrate", copy.manifests, "--to", server.address()], environment: fileEnvironment)
            #expect(migrate.exitCode == 0, "\(migrate.error)")
            #expect(migrate.output.contains("Pushed 6 records"), "\(migrate.output)")
            #expect(try String(contentsOfFile: statePath, encoding: .utf8) == fileBefore, "the source is left as it was")
            let plan = await CLI.run(["plan", copy.manifests, "--detailed-exitcode"], environment: serverEnvironment)
            #expect(plan.exitCode == 0, "\(plan.output)\(plan.error)")

            let pull = await CLI.run(["state", "pull"], environment: serverEnvironment)
            #expect(pull.exitCode == 0, "\(pull.error)")
            let pulled = try #require(try JSONSerialization.jsonObject(with: Data(pull.output.utf8)) as? [String: Any])
            let local = try #require(try JSONSerialization.jsonObject(with: Data(fileBefore.utf8)) as? [String: Any])
            #expect(pulled["lineage"] as? String == local["lineage"] as? String)
            #expect((pulled["records"] as? [String: Any])?.count == 6)

            try await StatePushRefusals.check(stored: fileBefore, json: local, directory: copy.root, environment: serverEnvironment)
            let after = await CLI.run(["state", "pull"], environment: serverEnvironment)
            #expect(after.output.contains(StatePushRefusals.otherLineage))
        }
    }

    @Test("changes recorded by many workers at once, uploaded as they come: the server ends with every one")
    func concurrentUploads() async throws {
        let server = try await HTTPStateServer.start()
        var configuration = HTTPStateBackend.Configuration(address: server.address(), environment: server.environment, allowInsecureHTTP: false)
        configuration.uploadInterval = .zero
        let backend = try HTTPStateBackend(configuration)
        let session = try await backend.open(holder: LockHolder.current(command: "test"), lockTimeout: .zero, now: Date.init) { _ in }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                group.addTask {
                    try await session.record(StateRecord(
                        address: "workflow.w\(index)", kind: "workflow", provider: "canvas", scope: nil, id: "wf-\(index)", attributes: [:], fingerprints: [:],
                        appliedAt: "2026-12-07T00:00:00Z"
                    ))
                }
            }
            try await group.waitForAll()
        }
        try await session.commit()
        await session.close()
        let stored = try await backend.read()
        #expect(stored.records.count == 40)
        let uploads = server.with { $0.log.filter { $0 == "POST /state/prod" }.count }
        #expect(uploads > 1, "uploaded as changes came, not only at commit: \(uploads)")
        #expect(stored.serial == uploads, "one serial per upload")
        await server.stop()
    }

    @Test("a write based on an older serial than the stored one is refused")
    func staleSerial() async throws {
        let server = try await HTTPStateServer.start()
        let backend = try HTTPStateBackend(HTTPStateBackend.Configuration(
            address: server.address(), environment: server.environment, allowInsecureHTTP: false
        ))
        let session = try await backend.open(
            holder: LockHolder.current(command: "test"), lockTimeout: .zero, now: Date.init, recordedScopes: { _ in }
        )
        try await session.record(StateRecord(address: "workflow.a", kind: "workflow", provider: "canvas", scope: nil, id: "wf-a", attributes: [:], fingerprints: [:], appliedAt: "2026-12-07T00:00:00Z"))
        // Another run, past a server without locks, stored serial 5 meanwhile.
        var newer = session.snapshot
        newer.serial = 5
        var bytes: [UInt8] = []
        try JSONEncoder().encode(newer).forEach { bytes.append($0) }
        server.with { $0.state = bytes }
        let error = await #expect(throws: StateError.self) { try await session.commit() }
        #expect(error?.description.contains("newer than the one this run read") == true, "\(String(describing: error))")
        await session.close()
        await server.stop()
    }

    @Test("a state server that refuses connections fails the run in seconds, with a sentence")
    func refusedServer() async throws {
        let copy = try PlanCommandTests.quickstartCopy()
        defer { try? FileManager.default.removeItem(atPath: copy.root) }
        try await PlanCommandTests.withEmulator { _, environment in
            var refused = environment
            refused["CANVAS_STATE"] = "http://127.0.0.1:9/state/prod"
            let started = ContinuousClock.now
            let run = await CLI.run(["plan", copy.manifests], environment: refused)
            #expect(run.exitCode == 1)
            #expect(run.error.contains("http://127.0.0.1:9/state/prod/lock failed after 5 attempts"), "\(run.error)")
            // A guard only: the retries wait 0.2 + 0.4 + 0.8 + 1.6 s at most.
            #expect(ContinuousClock.now - started < .seconds(20))
        }
    }

    @Test("plain http to another machine is refused; the password in a URL is never shown")
    func insecure() async throws {
        let copy = try PlanCommandTests.quickstartCopy()
        defer { try? FileManager.default.removeItem(atPath: copy.root) }
        let run = await CLI.run(
            ["plan", copy.manifests, "--state", "http://user:hunter2@state.example.com/state/prod"],
            environment: ["QUINYX_API_KEY": PlanCommandTests.quinyxKey, "CANVAS_URL": "http://127.0.0.1:9/api", "CANVAS_CONSUMER_KEY": "c", "CANVAS_SECRET_KEY": "s"]
        )
        #expect(run.exitCode == 1)
        #expect(run.error.contains("refusing to send the state and its credentials over plain http to http://***@state.example.com"), "\(run.error)")
        #expect(!run.error.contains("hunter2") && !run.output.contains("hunter2"))
    }
}
