import CanvasAPI
import CanvasCLI
import CanvasEmulator
import Foundation
import Testing

/// `canvasctl apply` as a user meets it, against emulators started in-process: the quick start
/// applied to an empty account, what the account then holds, that a plan right after is empty, the
/// confirmation, and that no secret is ever printed.
struct ApplyCommandTests {
    /// The quick start's registered applications (tagText) and workflows (name), with `company: Acme`.
    static let quickstartApplications: Set<String> = ["Quinyx Acme", "Quinyx Acme test", "ftp"]
    static let quickstartWorkflows: Set<String> = ["Employee sync (Acme)", "employee-export-csv", "employee-sync-staging"]

    /// A client of the emulator, to look at what apply did.
    static func client(of emulator: RunningEmulator) throws -> CanvasClient {
        try CanvasClient(configuration: CanvasClientConfiguration(
            baseURL: emulator.baseURL, credentials: .keys(consumer: emulator.consumerKey, secret: emulator.secretKey)
        ))
    }

    /// Runs canvasctl in-process with a reader that answers the confirmation, as a terminal would.
    static func run(_ arguments: [String], environment: [String: String], answering answer: String) async -> CLIRun {
        let captured = CapturedConsole(terminal: true)
        let code = await Canvasctl.run(
            arguments: arguments,
            context: CommandContext(environment: environment, console: captured.console, readLine: { answer })
        )
        return CLIRun(exitCode: code, output: captured.output, error: captured.error)
    }

    static func stateFiles(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("canvasctl.state.json") }.sorted()
    }

    @Test("the quick start on an empty account: created, recorded, and a plan right after has no changes")
    func quickstart() async throws {
        let copy = try PlanCommandTests.quickstartCopy()
        defer { try? FileManager.default.removeItem(atPath: copy.root) }
        try await PlanCommandTests.withEmulator { emulator, environment in
            let secrets = PlanCommandTests.secrets(of: emulator)
            let apply = await CLI.run(["apply", copy.manifests, "--auto-approve"], environment: environment)
            #expect(apply.exitCode == 0, "\(apply.output)\(apply.error)")
            #expect(apply.error.isEmpty, "\(apply.error)")
            #expect(apply.output.contains(PlanCommandTests.quickstartPlanLine))
            #expect(apply.output.hasSuffix(
                "Apply complete: \(PlanCommandTests.quickstartCreates) added, 0 changed, 0 replaced, 0 destroyed; 1 deploy.\n"
            ), "\(apply.output)")
            for address in ["application.quinyx", "application.ftp", "workflow.employee-sync", "schedule.employee-sync"] {
                #expect(apply.output.contains("\(address): creating…\n"), "\(address)")
                #expect(apply.output.contains("\(address): created after "), "\(address)")
            }
            PlanCommandTests.expectNoSecrets(apply, secrets)

            // The state is written and unlocked.
            #expect(try Self.stateFiles(in: copy.manifests) == ["canvasctl.state.json"])
            let state = try String(contentsOfFile: copy.manifests + "/canvasctl.state.json", encoding: .utf8)
            for secret in secrets { #expect(!state.contains(secret), "the state holds a secret") }

            // The account holds the quick start's resources.
            let client = try Self.client(of: emulator)
            let applications = try await client.registeredApplications()
            #expect(Set(applications.compactMap(\.tagText)) == Self.quickstartApplications)
            #expect(applications.count == Self.quickstartApplications.count)
            let workflows = try await client.workflows()
            #expect(Set(workflows.compactMap(\.name)) == Self.quickstartWorkflows)
            #expect(workflows.count == Self.quickstartWorkflows.count)

            // A plan right after is empty.
            let plan = await CLI.run(["plan", copy.manifests, "--detailed-exitcode"], environment: environment)
            #expect(plan.exitCode == 0, "\(plan.output)\(plan.error)")
            #expect(plan.output.hasPrefix("No changes."), "\(plan.output)")
            PlanCommandTests.expectNoSecrets(plan, secrets)

            // And so is a second apply, which changes nothing.
            let again = await CLI.run(["apply", copy.manifests, "--auto-approve"], environment: environment)
            #expect(again.exitCode == 0, "\(again.output)\(again.error)")
            #expect(again.output.hasSuffix("Nothing to apply.\n"), "\(again.output)")
            #expect(try await client.registeredApplications().count == Self.quickstartApplications.count)
            #expect(try await client.workflows().count == Self.quickstartWorkflows.count)
            PlanCommandTests.expectNoSecrets(again, secrets)
            #expect(try Self.stateFiles(in: copy.manifests) == ["canvasctl.state.json"])
        }
    }

    @Test("without a terminal and without --auto-approve: exit 1 and nothing changes")
    func refusesUnattended() async throws {
        let copy = try PlanCommandTests.quickstartCopy()
        defer { try? FileManager.default.removeItem(atPath: copy.root) }
        try await PlanCommandTests.withEmulator { emulator, environment in
            let client = try Self.client(of: emulator)
            let applicationsBefore = try await client.registeredApplications().count
            let workflowsBefore = try await client.workflows().count

            let run = await CLI.run(["apply", copy.manifests], environment: environment)
            #expect(run.exitCode == 1)
            #expect(run.error == "error: apply needs --auto-approve when no terminal can confirm (as in CI)\n", "\(run.error)")
            #expect(run.output.contains("Plan: \(PlanCommandTests.quickstartCreates) to add"))
            #expect(!run.output.contains("creating…"))
            PlanCommandTests.expectNoSecrets(run, PlanCommandTests.secrets(of: emulator))

            #expect(try await client.registeredApplications().count == applicationsBefore)
            #expect(try await client.workflows().count == workflowsBefore)
            // Nothing written, and the lock released.
            #expect(try Self.stateFiles(in: copy.manifests).isEmpty)
        }
    }

    @Test("on a terminal: only 'yes' goes on")
    func confirmation() async throws {
        let copy = try PlanCommandTests.quickstartCopy()
        defer { try? FileManager.default.removeItem(atPath: copy.root) }
        try await PlanCommandTests.withEmulator { emulator, environment in
            let client = try Self.client(of: emulator)
            let applicationsBefore = try await client.registeredApplications().count

            let declined = await Self.run(["apply", copy.manifests], environment: environment, answering: "y")
            #expect(declined.exitCode == 1)
            #expect(declined.output.contains("Do you want to perform these actions? Only 'yes' will be accepted:"))
            #expect(!declined.output.contains("creating…"))
            #expect(try await client.registeredApplications().count == applicationsBefore)
            #expect(try Self.stateFiles(in: copy.manifests).isEmpty)

            let accepted = await Self.run(["apply", copy.manifests], environment: environment, answering: "yes")
            #expect(accepted.exitCode == 0, "\(accepted.output)\(accepted.error)")
            #expect(accepted.output.contains("Apply complete: \(PlanCommandTests.quickstartCreates) added"))
            #expect(Set(try await client.registeredApplications().compactMap(\.tagText)) == Self.quickstartApplications)
            PlanCommandTests.expectNoSecrets(declined, PlanCommandTests.secrets(of: emulator))
            PlanCommandTests.expectNoSecrets(accepted, PlanCommandTests.secrets(of: emulator))
        }
    }

    @Test("--parallelism 0 is a usage error")
    func parallelismZero() async throws {
        let run = await CLI.run(["apply", "manifests", "--parallelism", "0"])
        #expect(run.exitCode == 1)
        #expect(run.error.contains("--parallelism"))
    }
}
