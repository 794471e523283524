import CanvasAPI
import CanvasEmulator
import Foundation
import PostgresTestCluster
import StateStore
import Testing

/// The state in PostgreSQL (`--state postgres://…`), end to end through the CLI against the
/// emulator and a real PostgreSQL server (``PostgresTestCluster``), each test in a database of its
/// own.
struct PostgresStateTests {
    /// Runs `body` with the quick start, an emulator (of `latency`), a new database and the
    /// environment that reaches them (the state named by `CANVAS_STATE`, its password in the URL).
    static func withDatabase(
        latency: Int = 0,
        _ body: (_ copy: (root: String, manifests: String), _ cluster: PostgresTestCluster, _ database: String, _ environment: [String: String]) async throws -> Void
    ) async throws {
        let cluster = try await PostgresTestCluster.shared()
        let database = try await cluster.createDatabase()
        let copy = try PlanCommandTests.quickstartCopy()
        defer { try? FileManager.default.removeItem(atPath: copy.root) }
        let emulator = try await CanvasEmulator.start(EmulatorConfiguration(latencyMilliseconds: latency))
        let environment = [
            "CANVAS_URL": emulator.baseURL, "CANVAS_CONSUMER_KEY": emulator.consumerKey, "CANVAS_SECRET_KEY": emulator.secretKey,
            "QUINYX_API_KEY": PlanCommandTests.quinyxKey, "PATH": "/usr/bin:/bin",
            "CANVAS_STATE": cluster.url(database: database),
        ]
        do {
            try await body(copy, cluster, database, environment)
            await emulator.shutdown()
        } catch {
            await emulator.shutdown()
            throw error
        }
    }

    /// The names of what Canvas holds: no resource twice.
    static func expectNoDuplicates(_ environment: [String: String]) async throws {
        let client = try CanvasClient(configuration: CanvasClientConfiguration(
            baseURL: environment["CANVAS_URL"]!,
            credentials: .keys(consumer: environment["CANVAS_CONSUMER_KEY"]!, secret: environment["CANVAS_SECRET_KEY"]!)
        ))
        let applications = try await client.registeredApplications().compactMap(\.tagText)
        let workflows = try await client.workflows().compactMap(\.name)
        #expect(applications.count == Set(applications).count, "no duplicate application: \(applications.sorted())")
        #expect(workflows.count == Set(workflows).count, "no duplicate workflow: \(workflows.sorted())")
    }

    @Test("apply records each change as a row; plan, state list, pull and a saved plan read it; nothing shows the password")
    func applyAndRead() async throws {
        try await Self.withDatabase { copy, cluster, database, environment in
            let apply = await CLI.run(["apply", copy.manifests, "--auto-approve"], environment: environment)
            #expect(apply.exitCode == 0, "\(apply.error)")
            #expect(!FileManager.default.fileExists(atPath: copy.manifests + "/canvasctl.state.json"), "no local state")
            #expect(try await cluster.sql("SELECT count(*) FROM canvasctl.records", database: database) == "6\n")
            #expect(try await cluster.sql("SELECT name, serial FROM canvasctl.states", database: database) == "default|1\n")
            #expect(try await cluster.sql("SELECT count(*) FROM canvasctl.locks", database: database) == "0\n", "the lock's row goes at the end")

            let plan = await CLI.run(["plan", copy.manifests, "--detailed-exitcode"], environment: environment)
            #expect(plan.exitCode == 0, "\(plan.output)\(plan.error)")
            let list = await CLI.run(["state", "list"], environment: environment)
            #expect(list.exitCode == 0, "\(list.error)")
            #expect(list.output.contains("workflow.employee-sync"), "\(list.output)")
            let pull = await CLI.run(["state", "pull"], environment: environment)
            let pulled = try #require(try JSONSerialization.jsonObject(with: Data(pull.output.utf8)) as? [String: Any])
            #expect((pulled["records"] as? [String: Any])?.count == 6)
            let unlock = await CLI.run(["state", "unlock"], environment: environment)
            #expect(unlock.output.contains("is not locked"), "\(unlock.output)\(unlock.error)")

            // A saved plan keeps the state's URL without its password; apply takes it from the
            // state in force.
            let saved = copy.root + "/saved.plan"
            let out = await CLI.run(["plan", copy.manifests, "--out", saved], environment: environment)
            #expect(out.exitCode == 0, "\(out.error)")
            let planText = try String(contentsOfFile: saved, encoding: .utf8)
            #expect(!planText.contains(cluster.password))
            #expect(planText.contains("canvasctl@127.0.0.1:\(cluster.port)"), "the URL, without its password")
            let applySaved = await CLI.run(["apply", "--plan", saved], environment: environment)
            #expect(applySaved.exitCode == 0, "\(applySaved.error)")
            var fromPGPASSWORD = environment
            fromPGPASSWORD["CANVAS_STATE"] = nil
            fromPGPASSWORD["PGPASSWORD"] = cluster.password
            let withVariable = await CLI.run(["apply", "--plan", saved], environment: fromPGPASSWORD)
            #expect(withVariable.exitCode == 0, "\(withVariable.error)")

            for run in [apply, plan, list, pull, unlock, out, applySaved, withVariable] {
                #expect(!run.output.contains(cluster.password) && !run.error.contains(cluster.password))
            }
        }
    }

    @Test("state migrate copies a file's state into PostgreSQL; push refuses another lineage or an older serial without --force")
    func migrateAndPush() async throws {
        try await Self.withDatabase { copy, cluster, database, databaseEnvironment in
            var fileEnvironment = databaseEnvironment
            fileEnvironment["CANVAS_STATE"] = nil
            let apply = await CLI.run(["apply", copy.manifests, "--auto-approve"], environment: fileEnvironment)
            #expect(apply.exitCode == 0, "\(apply.error)")
            let statePath = copy.manifests + "/canvasctl.state.json"
            let fileBefore = try String(contentsOfFile: statePath, encoding: .utf8)
            let local = try #require(try JSONSerialization.jsonObject(with: Data(fileBefore.utf8)) as? [String: Any])

            let migrate = await CLI.run(["state", "migrate", copy.manifests, "--to", cluster.url(database: database)], environment: fileEnvironment)
            #expect(migrate.exitCode == 0, "\(migrate.error)")
            #expect(migrate.output.contains("Pushed 6 records"), "\(migrate.output)")
            #expect(!migrate.output.contains(cluster.password) && !migrate.error.contains(cluster.password))
            #expect(try String(contentsOfFile: statePath, encoding: .utf8) == fileBefore, "the source is left as it was")
            #expect(try await cluster.sql("SELECT lineage FROM canvasctl.states", database: database) == "\(local["lineage"] as! String)\n")
            let plan = await CLI.run(["plan", copy.manifests, "--detailed-exitcode"], environment: databaseEnvironment)
            #expect(plan.exitCode == 0, "\(plan.output)\(plan.error)")

            try await StatePushRefusals.check(stored: fileBefore, json: local, directory: copy.root, environment: databaseEnvironment)
            #expect(try await cluster.sql("SELECT lineage, count(r.address) FROM canvasctl.states s JOIN canvasctl.records r ON r.state = s.name GROUP BY lineage", database: database)
                == "\(StatePushRefusals.otherLineage)|6\n")
        }
    }

    @Test("two applies at once on one state: exactly one changes anything")
    func concurrentApplies() async throws {
        try await Self.withDatabase { copy, _, _, environment in
            async let first = CLI.run(["apply", copy.manifests, "--auto-approve"], environment: environment)
            async let second = CLI.run(["apply", copy.manifests, "--auto-approve"], environment: environment)
            let runs = await [first, second]
            let changed = runs.filter { $0.output.contains("Apply complete: 7 added") }
            #expect(changed.count == 1, "\(runs.map(\.output)) \(runs.map(\.error))")
            let other = runs.first { !$0.output.contains("Apply complete: 7 added") }
            // (Refused with its holder, or, in the moment between taking the lock and naming its
            // holder, as a run that is starting.)
            #expect(other?.error.contains("is locked by") == true || other?.output.contains("Nothing to apply") == true, "\(other?.error ?? "")")
            try await Self.expectNoDuplicates(environment)
        }
    }

    @Test("the state's connection lost mid-apply: nothing new starts, exit 1 with a sentence, and the next apply converges")
    func connectionLost() async throws {
        try await Self.withDatabase(latency: 150) { copy, cluster, database, environment in
            let apply = Task { await CLI.run(["apply", copy.manifests, "--auto-approve", "--parallelism", "1"], environment: environment) }
            // Once a change is recorded, the server ends the run's connection.
            let deadline = ContinuousClock.now + .seconds(30)
            while ContinuousClock.now < deadline {
                if (try? await cluster.sql("SELECT count(*) FROM canvasctl.records", database: database)) ?? "0\n" != "0\n" { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            try await cluster.sql("SELECT pg_terminate_backend(backend_pid) FROM canvasctl.locks", database: database)
            let run = await apply.value
            #expect(run.exitCode == 1)
            #expect(run.error.contains("the connection to the state at postgres://127.0.0.1:\(cluster.port)/\(database)?state=default was lost"), "\(run.error)")
            #expect(run.output.contains("Apply interrupted") && run.output.contains("not started"), "\(run.output)")
            #expect(!run.error.contains(cluster.password) && !run.output.contains(cluster.password))

            let next = await CLI.run(["apply", copy.manifests, "--auto-approve"], environment: environment)
            #expect(next.exitCode == 0, "\(next.error)")
            let plan = await CLI.run(["plan", copy.manifests, "--detailed-exitcode"], environment: environment)
            #expect(plan.exitCode == 0, "\(plan.output)\(plan.error)")
            try await Self.expectNoDuplicates(environment)
        }
    }

    @Test("a server that cannot be reached, or a wrong password, fails the run with a sentence that holds no password")
    func unreachable() async throws {
        try await Self.withDatabase { copy, cluster, database, environment in
            var wrong = environment
            wrong["CANVAS_STATE"] = "postgres://canvasctl:wrong-\(cluster.password)@127.0.0.1:\(cluster.port)/\(database)"
            let refused = await CLI.run(["plan", copy.manifests], environment: wrong)
            #expect(refused.exitCode == 1)
            #expect(refused.error.contains("cannot reach the state at postgres://127.0.0.1:\(cluster.port)/\(database)?state=default"), "\(refused.error)")
            #expect(refused.error.contains("password authentication failed"), "\(refused.error)")
            #expect(!refused.error.contains("wrong-\(cluster.password)"))

            var remote = environment
            remote["CANVAS_STATE"] = "postgres://canvasctl:\(cluster.password)@db.example.com/canvas?sslmode=prefer"
            let clear = await CLI.run(["plan", copy.manifests], environment: remote)
            #expect(clear.exitCode == 1)
            #expect(clear.error.contains("may send the state's password in clear text"), "\(clear.error)")
            #expect(!clear.error.contains(cluster.password))
        }
    }
}
