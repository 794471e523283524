import CanvasEmulator
import EmulatorHarness
import Foundation
import Testing

/// `--max-per-account` (and `CANVAS_MAX_PER_ACCOUNT`): the requests of one account in flight at
/// once, lowered by the client when Canvas answers 429, named in the plan when it binds.
struct AccountLimitTests {
    /// A manifest set of `count` FTP applications in the keys' own account: as many creates that
    /// wait for nothing.
    static func independentApplications(_ count: Int) throws -> (root: String, manifests: String) {
        let root = try CLI.temporaryDirectory()
        let manifests = root + "/manifests"
        try FileManager.default.createDirectory(atPath: manifests, withIntermediateDirectories: true)
        var yaml = "version: 1\napplications:\n"
        for index in 1...count {
            yaml += """
                  ftp-\(index):
                    app: FTP
                    credentials:
                      address: ftp\(index).example
                      port: 21
                      username: user\(index)
                      password: password-\(index)
                      secure: true

                """
        }
        try yaml.write(toFile: manifests + "/applications.yaml", atomically: true, encoding: .utf8)
        return (root, manifests)
    }

    /// The request log's lines, as (status, path).
    static func loggedStatuses(_ path: String) throws -> [(status: Int?, path: String)] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            return (object["status"] as? Int, object["path"] as? String ?? "")
        }
    }

    @Test("an emulator that refuses more than 2 requests per account: apply --parallelism 8 --max-per-account 8 converges, after 429s")
    func convergesUnderServerLimit() async throws {
        let set = try Self.independentApplications(16)
        defer { try? FileManager.default.removeItem(atPath: set.root) }
        let log = set.root + "/requests.jsonl"
        let configuration = EmulatorConfiguration(latencyMilliseconds: 30, maxConcurrentPerAccount: 2, requestLog: log)
        try await EmulatorHarness.with(configuration) { _, environment in
            let apply = await CLI.run(
                ["apply", set.manifests, "--auto-approve", "--parallelism", "8", "--max-per-account", "8"], environment: environment
            )
            #expect(apply.exitCode == 0, "\(apply.output)\n\(apply.error)")
            #expect(apply.output.contains("Apply complete: 16 added, 0 changed, 0 replaced, 0 destroyed."), "\(apply.output)")
            #expect(!apply.output.contains("failed"), "\(apply.output)")
            let statuses = try Self.loggedStatuses(log)
            let refused = statuses.filter { $0.status == 429 }
            #expect(!refused.isEmpty, "the emulator refused some requests: the limit was reached")
            let creates = statuses.filter { $0.path.lowercased() == "/api/regapplication" && $0.status == 200 }
            #expect(creates.count == 16, "each application was created once")

            let plan = await CLI.run(["plan", set.manifests, "--detailed-exitcode"], environment: environment)
            #expect(plan.exitCode == 0, "nothing left to do: \(plan.output)\(plan.error)")
        }
    }

    @Test("the plan names the per-account limit when it binds, and only then")
    func planNote() async throws {
        let set = try Self.independentApplications(6)
        defer { try? FileManager.default.removeItem(atPath: set.root) }
        try await EmulatorHarness.with { _, environment in
            let bound = await CLI.run(["plan", set.manifests, "--max-per-account", "4"], environment: environment)
            #expect(bound.exitCode == 0, "\(bound.error)")
            #expect(bound.output.hasSuffix(
                "Plan: 6 to add, 0 to change, 0 to replace, 0 to destroy.\nAt most 4 changes at a time per account (--max-per-account).\n"
            ), "\(bound.output)")

            var fromEnvironment = environment
            fromEnvironment["CANVAS_MAX_PER_ACCOUNT"] = "2"
            let markdown = await CLI.run(["plan", set.manifests, "--format", "markdown"], environment: fromEnvironment)
            #expect(markdown.output.contains("At most 2 changes at a time per account (--max-per-account)."), "\(markdown.output)")

            // Six changes, eight allowed: the limit does not bind.
            let unbound = await CLI.run(["plan", set.manifests], environment: environment)
            #expect(unbound.output.hasSuffix("Plan: 6 to add, 0 to change, 0 to replace, 0 to destroy.\n"), "\(unbound.output)")
            // --parallelism no larger than the limit: the parallelism binds, not the limit.
            let apply = await CLI.run(
                ["apply", set.manifests, "--auto-approve", "--parallelism", "3", "--max-per-account", "3"], environment: environment
            )
            #expect(apply.exitCode == 0, "\(apply.error)")
            #expect(!apply.output.contains("--max-per-account"), "\(apply.output)")
        }
    }

    @Test("every command that talks to Canvas names --max-per-account in its help")
    func help() async {
        for command in ["plan", "apply", "run", "export"] {
            let run = await CLI.run([command, "--help"])
            #expect(run.output.contains("--max-per-account <N>"), "\(command): \(run.output)")
            #expect(run.output.contains("CANVAS_MAX_PER_ACCOUNT"), "\(command): \(run.output)")
        }
        let emulator = await CLI.run(["emulator", "--help"])
        #expect(emulator.output.contains("--max-concurrent-per-account <N>"), "\(emulator.output)")
    }

    @Test("a limit below 1 or not a number is refused with what to give, before anything is sent", arguments: ["0", "-3", "many"])
    func badOption(_ value: String) async throws {
        // `=`: a value that starts with a dash is the option's, not another option.
        let set = try Self.independentApplications(1)
        defer { try? FileManager.default.removeItem(atPath: set.root) }
        try await EmulatorHarness.with(EmulatorConfiguration(requestLog: set.root + "/requests.jsonl")) { _, environment in
            let run = await CLI.run(["plan", set.manifests, "--max-per-account=\(value)"], environment: environment)
            #expect(run.exitCode == 1)
            #expect(run.error.contains("--max-per-account"), "\(run.error)")
            #expect(run.output.isEmpty)
            let logged = try Self.loggedStatuses(set.root + "/requests.jsonl")
            #expect(logged.isEmpty, "nothing was sent")
        }
    }

    @Test("a CANVAS_MAX_PER_ACCOUNT that is not a whole number of at least 1 is refused, naming the variable", arguments: ["0", "eight", "2.5"])
    func badEnvironment(_ value: String) async throws {
        let set = try Self.independentApplications(1)
        defer { try? FileManager.default.removeItem(atPath: set.root) }
        try await EmulatorHarness.with { _, base in
            var environment = base
            environment["CANVAS_MAX_PER_ACCOUNT"] = value
            let run = await CLI.run(["apply", set.manifests, "--auto-approve"], environment: environment)
            #expect(run.exitCode == 1)
            #expect(run.error.contains("CANVAS_MAX_PER_ACCOUNT must be a whole number of requests of at least 1 (such as 8), not '\(value)'"), "\(run.error)")
            #expect(!FileManager.default.fileExists(atPath: set.manifests + "/canvasctl.state.json"), "no state was written")
        }
    }

    @Test("the emulator refuses a per-account bound below 1")
    func badEmulatorBound() async {
        let run = await CLI.run(["emulator", "--max-concurrent-per-account", "0"])
        #expect(run.exitCode == 1)
        #expect(run.error.contains("--max-concurrent-per-account"), "\(run.error)")
    }
}
