import CanvasAPI
import Foundation
import PostgresTestCluster
import Testing

/// `state mv`, `state rm` and `import` on the shared backends (PostgreSQL, and a server of the HTTP
/// state protocol), end to end through the CLI against the emulator: the same story on each.
struct StateSurgeryBackendTests {
    /// The quick start's CSV export workflow, as its manifest declares it.
    static let exportKey = "  employee-export-csv:\n"

    /// Applies the quick start, renames its CSV export (key and state), forgets it, then imports it
    /// back by id; a refused move leaves the stored state as it was.
    static func story(copy: (root: String, manifests: String), environment: [String: String]) async throws {
        let workflows = copy.manifests + "/workflows.yaml"
        let apply = await CLI.run(["apply", copy.manifests, "--auto-approve"], environment: environment)
        try #require(apply.exitCode == 0, "\(apply.error)")
        let id = try #require(try await records(environment)["workflow.employee-export-csv"])

        // The new key, and the name the old one gave it (a workflow without `name:` is named by its key).
        let original = try String(contentsOfFile: workflows, encoding: .utf8)
        try original.replacingOccurrences(of: exportKey, with: "  csv-export:\n    name: employee-export-csv\n").write(toFile: workflows, atomically: true, encoding: .utf8)
        let moved = await CLI.run(["state", "mv", "workflow.employee-export-csv", "workflow.csv-export"], environment: environment)
        #expect(moved.exitCode == 0, "\(moved.error)")
        #expect(moved.output == "Moved workflow.employee-export-csv to workflow.csv-export (id \(id)) in the state.\n")
        let unchanged = await CLI.run(["plan", copy.manifests, "--detailed-exitcode"], environment: environment)
        #expect(unchanged.exitCode == 0, "no changes after the move: \(unchanged.output)\(unchanged.error)")

        let before = await CLI.run(["state", "pull"], environment: environment).output
        let refused = await CLI.run(["state", "mv", "workflow.employee-export-csv", "workflow.x"], environment: environment)
        #expect(refused.exitCode == 1)
        #expect(refused.error.contains("the state records no `workflow.employee-export-csv`"), "\(refused.error)")
        #expect(await CLI.run(["state", "pull"], environment: environment).output == before, "the stored state is unchanged")

        // Out of the manifests and forgotten: unmanaged, and left in Canvas by apply.
        let start = try #require(original.range(of: exportKey))
        let end = try #require(original.range(of: "\n---", range: start.upperBound..<original.endIndex))
        try original.replacingCharacters(in: start.lowerBound..<end.lowerBound, with: "").write(toFile: workflows, atomically: true, encoding: .utf8)
        let removed = await CLI.run(["state", "rm", "workflow.csv-export"], environment: environment)
        #expect(removed.exitCode == 0, "\(removed.error)")
        #expect(try await records(environment)["workflow.csv-export"] == nil)
        let plan = await CLI.run(["plan", copy.manifests, "--format", "json"], environment: environment)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(plan.output.utf8)) as? [String: Any])
        #expect((json["changes"] as? [[String: Any]] ?? []).allSatisfy { $0["action"] as? String == "noop" }, "\(plan.output)")
        #expect((json["unmanaged"] as? [[String: Any]] ?? []).contains { $0["id"] as? String == id }, "\(plan.output)")
        let applied = await CLI.run(["apply", copy.manifests, "--auto-approve"], environment: environment)
        #expect(applied.exitCode == 0, "\(applied.error)")
        let client = try CanvasClient(configuration: CanvasClientConfiguration(
            baseURL: environment["CANVAS_URL"]!,
            credentials: .keys(consumer: environment["CANVAS_CONSUMER_KEY"]!, secret: environment["CANVAS_SECRET_KEY"]!)
        ))
        #expect(try await client.workflows().contains { $0.id.rawValue == id }, "the workflow is still in Canvas")

        // Declared again, and imported by id.
        try original.write(toFile: workflows, atomically: true, encoding: .utf8)
        let imported = await CLI.run(["import", "workflow.employee-export-csv", id, copy.manifests], environment: environment)
        #expect(imported.exitCode == 0, "\(imported.error)")
        #expect(try await records(environment)["workflow.employee-export-csv"] == id)
        let settled = await CLI.run(["plan", copy.manifests, "--detailed-exitcode"], environment: environment)
        #expect(settled.exitCode == 0, "the live workflow is as its manifest says: \(settled.output)\(settled.error)")
    }

    /// Address → id of the state's records, as `state pull` prints them.
    static func records(_ environment: [String: String]) async throws -> [String: String] {
        let pull = await CLI.run(["state", "pull"], environment: environment)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(pull.output.utf8)) as? [String: Any], "\(pull.error)")
        var ids: [String: String] = [:]
        for record in (json["records"] as? [String: [String: Any]] ?? [:]).values {
            if let address = record["address"] as? String, let id = record["id"] as? String { ids[address] = id }
        }
        return ids
    }

    @Test("state mv, rm and import on a PostgreSQL state")
    func postgres() async throws {
        try await PostgresStateTests.withDatabase { copy, cluster, database, environment in
            try await Self.story(copy: copy, environment: environment)
            #expect(try await cluster.sql("SELECT count(*) FROM canvasctl.locks", database: database) == "0\n", "every lock released")
        }
    }

    @Test("state mv, rm and import on an HTTP state server")
    func http() async throws {
        try await HTTPStateBackendTests.withServers { copy, server, environment in
            try await Self.story(copy: copy, environment: environment)
            #expect(server.with { $0.lockID } == nil, "every lock released")
        }
    }
}
