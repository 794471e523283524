import CanvasAPI
import CanvasEmulator
import Foundation
import Testing

/// A manifest set applied to a fresh emulator, then edited, planned and applied again, with the
/// emulator's request log read back: what the change-kind tests are made of.
///
/// Write calls are named by the addresses of the ids in them (`POST Workflow/workflow.sync`), read
/// from the state before and after, so that tests assert on resources rather than on GUIDs.
final class ChangeScenario {
    static let apiKey = "scenario-quinyx-api-key"
    static let ftpPassword = "scenario-ftp-password"
    static let talentKey = "scenario-talent-manager-key"

    /// Three applications (one used by no workflow) and three workflows: one scheduled and
    /// deployed, one scheduled, one neither.
    static let manifest = """
        version: 1
        applications:
          quinyx:
            app: Quinyx
            name: Quinyx main
            credentials:
              apikey: ${env:SCENARIO_API_KEY}
              environment: live
          ftp:
            app: FTP
            name: FTP main
            credentials:
              address: ftp.example
              port: 21
              username: canvas
              password: ${env:SCENARIO_FTP_PASSWORD}
          hub:
            app: File Hub
            name: Hub
        workflows:
          sync:
            name: Sync
            description: Nightly sync
            template: Demo workflow
            applications: {QUIN: quinyx, FTP: ftp}
            variables:
              amountToObtainWfQ: "10"
              locationsMapping: {table: [{source: Oslo, target: OSL}], default: OTHER}
            schedule:
              cron: "0 0 2 ? * MON-FRI *"
            deploy: true
          export:
            name: Export
            description: CSV export
            template: Quinyx Employee Export Into FTP(CSV)
            applications: {QUIN: quinyx, FTP: ftp}
            schedule:
              cron: "0 30 3 * * ?"
          report:
            name: Report
            template: Quinyx Employee Export Into FTP(CSV)
            applications: {QUIN: quinyx, FTP: ftp}

        """

    let root: String
    let manifestPath: String
    let logPath: String
    let emulator: RunningEmulator
    var environment: [String: String]
    /// Lines of the request log already looked at.
    private var logLinesSeen = 0

    private init(root: String, emulator: RunningEmulator) {
        self.root = root
        self.manifestPath = root + "/canvas.yaml"
        self.logPath = root + "/requests.jsonl"
        self.emulator = emulator
        self.environment = [
            "CANVAS_URL": emulator.baseURL,
            "CANVAS_CONSUMER_KEY": emulator.consumerKey,
            "CANVAS_SECRET_KEY": emulator.secretKey,
            "SCENARIO_API_KEY": Self.apiKey,
            "SCENARIO_FTP_PASSWORD": Self.ftpPassword,
            "SCENARIO_TALENT_KEY": Self.talentKey,
        ]
    }

    /// Runs `body` on the manifest applied to a fresh emulator; the request log then starts after
    /// that first apply.
    static func run(_ body: (ChangeScenario) async throws -> Void) async throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let emulator = try await CanvasEmulator.start(EmulatorConfiguration(requestLog: root + "/requests.jsonl"))
        let scenario = ChangeScenario(root: root, emulator: emulator)
        do {
            try manifest.write(toFile: scenario.manifestPath, atomically: true, encoding: .utf8)
            let first = await scenario.cli(["apply", scenario.manifestPath, "--auto-approve"])
            #expect(first.exitCode == 0, "the first apply failed: \(first.output)\(first.error)")
            _ = try scenario.newWrites()
            try await body(scenario)
            await emulator.shutdown()
        } catch {
            await emulator.shutdown()
            throw error
        }
    }

    var secrets: [String] {
        [Self.apiKey, Self.ftpPassword, Self.talentKey, emulator.consumerKey, emulator.secretKey, emulator.token]
    }

    /// Runs canvasctl in-process and checks that nothing it printed holds a secret.
    func cli(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) async -> CLIRun {
        let run = await CLI.run(arguments, environment: environment)
        PlanCommandTests.expectNoSecrets(run, secrets, sourceLocation: sourceLocation)
        return run
    }

    /// Replaces `old` (which must occur exactly once) in the manifest.
    func edit(_ old: String, _ new: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let text = try String(contentsOfFile: manifestPath, encoding: .utf8)
        let parts = text.components(separatedBy: old)
        try #require(parts.count == 2, "the manifest should hold \(old.debugDescription) once", sourceLocation: sourceLocation)
        try parts.joined(separator: new).write(toFile: manifestPath, atomically: true, encoding: .utf8)
    }

    /// The plan as JSON, and its changes as `action address`, in address order.
    func plan(sourceLocation: SourceLocation = #_sourceLocation) async throws -> (changes: [String], json: [String: Any]) {
        let run = await cli(["plan", manifestPath, "--format", "json"], sourceLocation: sourceLocation)
        try #require(run.exitCode == 0, "plan failed: \(run.error)", sourceLocation: sourceLocation)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        let changes = (json["changes"] as? [[String: Any]] ?? []).compactMap { change -> String? in
            guard let action = change["action"] as? String, let address = change["address"] as? String, action != "noop" else { return nil }
            return "\(action) \(address)"
        }
        return (changes, json)
    }

    /// One change of a JSON plan.
    static func change(_ address: String, in json: [String: Any]) -> [String: Any]? {
        (json["changes"] as? [[String: Any]])?.first { $0["address"] as? String == address }
    }

    /// Applies with `--auto-approve` and returns the write calls it made, in the order the emulator
    /// answered them.
    func apply(extra: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) async throws -> (run: CLIRun, writes: [String]) {
        let before = try stateIDs()
        let run = await cli(["apply", manifestPath, "--auto-approve"] + extra, sourceLocation: sourceLocation)
        let after = try stateIDs()
        // An id gone from the state whose address is still there belonged to a replaced resource.
        var names = after
        let addresses = Set(after.values)
        for (id, address) in before where after[id] == nil {
            names[id] = addresses.contains(address) ? "\(address) (old)" : address
        }
        let writes = try newWrites().map { line in
            names.reduce(line) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
        }
        return (run, writes)
    }

    /// The write calls logged since the last look: `METHOD Path` without `/api/`, reads left out.
    func newWrites() throws -> [String] {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        let lines = text.split(separator: "\n").map(String.init)
        defer { logLinesSeen = lines.count }
        return try lines.dropFirst(logLinesSeen).compactMap { line -> String? in
            let entry = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let method = entry["method"] as? String ?? ""
            var path = entry["path"] as? String ?? ""
            if path.hasPrefix("/api/") { path.removeFirst("/api/".count) }
            let isWrite = method == "POST" || path.hasPrefix("Delete") || path.hasPrefix("Deploy")
            return isWrite ? "\(method) \(path)" : nil
        }
    }

    /// Deletes the workflow the state records at `address` straight through the API, as someone
    /// would in Canvas; answers its id.
    func deleteWorkflowByHand(_ address: String) async throws -> String {
        let id = try #require(try stateIDs().first { $0.value == address }?.key)
        try await ApplyCommandTests.client(of: emulator).deleteWorkflow(try #require(CanvasID(id)))
        return id
    }

    /// The live id the state file records for `address`.
    func liveID(_ address: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> CanvasID {
        let text = try #require(try stateIDs().first { $0.value == address }?.key, sourceLocation: sourceLocation)
        return try #require(CanvasID(text), sourceLocation: sourceLocation)
    }

    /// Live id → address, from the state file.
    func stateIDs() throws -> [String: String] {
        let path = root + "/canvasctl.state.json"
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var names: [String: String] = [:]
        for record in (json["records"] as? [String: [String: Any]] ?? [:]).values {
            if let id = record["id"] as? String, let address = record["address"] as? String { names[id] = address }
        }
        return names
    }
}
