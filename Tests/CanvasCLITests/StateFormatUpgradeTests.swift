import CanvasEmulator
import Foundation
import PostgresTestCluster
import Testing

/// A state written before states named their provider (format 1, `Fixtures/state-format-1`) is
/// read as it is by every backend: a plan of the same manifests against the same live data has
/// nothing to do and writes nothing; the first apply that writes upgrades it, and the state then
/// plans the same.
@Suite(.serialized)
struct StateFormatUpgradeTests {
    static let fixture = CLI.repositoryRoot + "/Tests/CanvasCLITests/Fixtures/state-format-1"

    /// A copy of the fixture in a directory of its own, an emulator serving its data, and the
    /// environment of the run that wrote it.
    static func withFixture(
        _ body: (_ root: String, _ environment: [String: String]) async throws -> Void
    ) async throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for name in ["manifests", "state.json", "emulator.json", "postgres.sql"] {
            try FileManager.default.copyItem(atPath: fixture + "/" + name, toPath: root + "/" + name)
        }
        let emulator = try await CanvasEmulator.start(EmulatorConfiguration(
            consumerKey: "fixture-consumer", secretKey: "fixture-secret", dataFile: root + "/emulator.json"
        ))
        let environment = [
            "CANVAS_URL": emulator.baseURL, "CANVAS_CONSUMER_KEY": "fixture-consumer", "CANVAS_SECRET_KEY": "fixture-secret",
            "QUINYX_API_KEY": "fixture-quinyx-key", "CANVAS_FINGERPRINT_KEY": "fixture-fingerprint-key", "PATH": "/usr/bin:/bin",
        ]
        do {
            try await body(root, environment)
            await emulator.shutdown()
        } catch {
            await emulator.shutdown()
            throw error
        }
    }

    /// Plans (nothing to do), lists the state as before, changes one description and applies it
    /// (one update, nothing else), then plans again (nothing to do).
    static func planApplyPlan(_ root: String, _ environment: [String: String], state: String) async throws {
        let manifests = root + "/manifests"
        let plan = await CLI.run(["plan", manifests, "--state", state, "--detailed-exitcode"], environment: environment)
        #expect(plan.exitCode == 0, "\(plan.output)\(plan.error)")
        #expect(plan.output == "No changes. The live accounts match the manifests.\n", "\(plan.output)")

        let list = await CLI.run(["state", "list", "--state", state], environment: environment)
        #expect(list.exitCode == 0, "\(list.error)")
        #expect(list.output.contains("application.oslo-hub"), "\(list.output)")
        #expect(list.output.contains("be4f3f1e-0e6d-4f68-b8d8-546163c5dfad"), "the account is listed as before: \(list.output)")
        #expect(!list.output.contains("canvas:"), "\(list.output)")

        let workflows = manifests + "/workflows.yaml"
        let text = try String(contentsOfFile: workflows, encoding: .utf8)
        try text.replacingOccurrences(of: "Nightly copy of Quinyx employees", with: "Nightly copy of all Quinyx employees")
            .write(toFile: workflows, atomically: true, encoding: .utf8)
        let apply = await CLI.run(["apply", manifests, "--state", state, "--auto-approve"], environment: environment)
        #expect(apply.exitCode == 0, "\(apply.output)\(apply.error)")
        #expect(apply.output.contains("Apply complete: 0 added, 1 changed, 0 replaced, 0 destroyed; 1 deploy."), "\(apply.output)")

        let again = await CLI.run(["plan", manifests, "--state", state, "--detailed-exitcode"], environment: environment)
        #expect(again.exitCode == 0, "\(again.output)\(again.error)")
        #expect(again.output == "No changes. The live accounts match the manifests.\n", "\(again.output)")
    }

    @Test("a state file of format 1: planned as it is and left as it is; the first apply writes format 2 with every record")
    func file() async throws {
        try await Self.withFixture { root, environment in
            let path = root + "/state.json"
            let before = try String(contentsOfFile: path, encoding: .utf8)
            let plan = await CLI.run(["plan", root + "/manifests", "--state", path], environment: environment)
            #expect(plan.exitCode == 0, "\(plan.error)")
            #expect(try String(contentsOfFile: path, encoding: .utf8) == before, "a plan writes nothing")

            try await Self.planApplyPlan(root, environment, state: path)
            let after = try String(contentsOfFile: path, encoding: .utf8)
            #expect(after.hasPrefix("{\n  \"scopes\" : {\n    \"canvas\" : [\n      null,\n      \"be4f3f1e-0e6d-4f68-b8d8-546163c5dfad\"\n    ]\n  },\n  \"formatVersion\" : 2,\n"), "\(after.prefix(200))")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(after.utf8)) as? [String: Any])
            let records = try #require(json["records"] as? [String: [String: Any]])
            let old = try #require(try JSONSerialization.jsonObject(with: Data(before.utf8)) as? [String: Any])
            let oldRecords = try #require(old["records"] as? [String: [String: Any]])
            #expect(Set(records.keys) == Set(oldRecords.keys.map { "canvas:" + $0 }))
            #expect(records["canvas:application.oslo-hub"]?["scope"] as? String == "be4f3f1e-0e6d-4f68-b8d8-546163c5dfad")
            #expect(records["canvas:application.oslo-hub"]?["account"] == nil)
            #expect(records.values.allSatisfy { $0["provider"] as? String == "canvas" })
            // Every workflow now has the digest later plans compare: the changed one as applied, the
            // others (unchanged) recorded with it at the end of the apply.
            let workflows = records.values.filter { $0["kind"] as? String == "workflow" }
            #expect(workflows.count == 3)
            #expect(workflows.allSatisfy { (($0["fingerprints"] as? [String: String])?["applied"] ?? "").hasPrefix("hmac-sha256:") })
            for (key, record) in oldRecords where key != "workflow.employee-sync" {
                #expect(records["canvas:" + key]?["id"] as? String == record["id"] as? String, "\(key) keeps its id")
            }
        }
    }

    @Test("a state of format 1 on an HTTP state server: planned as it is; the first apply uploads format 2")
    func http() async throws {
        let server = try await HTTPStateServer.start()
        defer { Task { await server.stop() } }
        try await Self.withFixture { root, environment in
            let v1 = try Array(Data(contentsOf: URL(fileURLWithPath: root + "/state.json")))
            server.with { $0.state = v1 }
            let environment = environment.merging(server.environment) { $1 }
            try await Self.planApplyPlan(root, environment, state: server.address())
            let stored = try #require(server.with { $0.state })
            let text = String(decoding: stored, as: UTF8.self)
            #expect(text.contains("\"formatVersion\" : 2"))
            #expect(text.contains("\"canvas:application.oslo-hub\""))
        }
    }

    @Test("a PostgreSQL state of format 1: the tables are upgraded on first use, the state's rows at its first write")
    func postgres() async throws {
        let cluster = try await PostgresTestCluster.shared()
        let database = try await cluster.createDatabase()
        try await Self.withFixture { root, environment in
            let setup = try String(contentsOfFile: root + "/postgres.sql", encoding: .utf8)
            _ = try await cluster.sql(setup, database: database)
            let url = cluster.url(database: database)
            try await Self.planApplyPlan(root, environment, state: url)
            #expect(try await cluster.sql("SELECT format_version FROM canvasctl.states", database: database) == "2\n")
            #expect(try await cluster.sql(
                "SELECT provider, address, scope FROM canvasctl.records WHERE address = 'application.oslo-hub'", database: database
            ) == "canvas|application.oslo-hub|be4f3f1e-0e6d-4f68-b8d8-546163c5dfad\n")
            #expect(try await cluster.sql("SELECT count(*) FROM canvasctl.records WHERE record LIKE '%\"account\"%'", database: database) == "0\n")
            #expect(try await cluster.sql("SELECT count(*) FROM canvasctl.records", database: database) == "7\n")
        }
    }
}
