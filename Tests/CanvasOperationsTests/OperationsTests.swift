import CanvasAPI
import CanvasEmulator
import CanvasOperations
import CanvasProvider
import EmulatorHarness
import Foundation
import Reconciler
import StateStore
import Testing

/// The library below the commands, called directly against an emulator started in-process: what
/// each operation returns, the events it reports, and that a failure comes back as a typed error.
/// Serialized: two of its tests point the process's stdout and stderr elsewhere for a while
/// (``ProcessOutput``), which must not overlap.
@Suite(.serialized)
struct OperationsTests {
    /// The quick start's value for `${env:QUINYX_API_KEY}`.
    static let quinyxKey = EmulatorHarness.quinyxKey
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let quickstartAddresses = [
        "application.quinyx", "application.quinyx-test", "application.ftp", "workflow.employee-sync",
        "workflow.employee-export-csv", "workflow.employee-sync-staging", "schedule.employee-sync",
    ]

    /// A copy of examples/quickstart (without any state) in a fresh directory.
    static func quickstartCopy() throws -> (root: String, manifests: String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("canvasctl-ops-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let manifests = root + "/quickstart"
        try FileManager.default.copyItem(atPath: repositoryRoot + "/examples/quickstart", toPath: manifests)
        for name in try FileManager.default.contentsOfDirectory(atPath: manifests) where name.hasPrefix("canvasctl.state.json") {
            try FileManager.default.removeItem(atPath: manifests + "/" + name)
        }
        return (root, manifests)
    }

    /// Runs `body` with a fresh emulator on a loopback port and the environment that reaches it.
    static func withEmulator<T>(_ body: (RunningEmulator, [String: String]) async throws -> T) async throws -> T {
        try await EmulatorHarness.with(EmulatorConfiguration(), body)
    }

    static func planRequest(_ manifests: String, environment: [String: String]) -> PlanRequest {
        PlanRequest(paths: [manifests], command: "canvasctl-tests", environment: environment)
    }

    @Test("plan returns the quick start's creates, reports its stages, and leaves no state behind")
    func plan() async throws {
        let copy = try Self.quickstartCopy()
        defer { try? FileManager.default.removeItem(atPath: copy.root) }
        try await Self.withEmulator { _, environment in
            let events = EventLog<PlanningEvent>()
            let session = try await Operations.plan(Self.planRequest(copy.manifests, environment: environment), events: events.record)
            await session.close()
            #expect(session.plan.summary.create == Self.quickstartAddresses.count)
            #expect(session.plan.summary.operations == ["deploy": 1])
            #expect(session.plan.summary.hasChanges)
            let created = Set(session.plan.changes.filter { $0.action == .create }.map(\.address.description))
            // The deploy of employee-sync (deploy: true) is a create of an operation, not a resource.
            #expect(created == Set(Self.quickstartAddresses + ["deploy.employee-sync"]))
            #expect(events.all == [.manifestsLoaded(workflows: 3), .accountsRead([nil])])
            #expect(session.request.statePath == copy.manifests + "/canvasctl.state.json")
            let left = try FileManager.default.contentsOfDirectory(atPath: copy.manifests)
            #expect(!left.contains { $0.hasPrefix("canvasctl.state.json") }, "\(left)")
        }
    }

    @Test("apply reports each step's start and success in order, then export and run work on what it made")
    func applyExportAndRun() async throws {
        let copy = try Self.quickstartCopy()
        defer { try? FileManager.default.removeItem(atPath: copy.root) }
        try await Self.withEmulator { emulator, environment in
            let session = try await Operations.plan(Self.planRequest(copy.manifests, environment: environment))
            let events = EventLog<ApplyEvent>()
            let report = try await Operations.apply(session, parallelism: 4, events: events.record)
            await session.close()
            #expect(report.isSuccess, "\(report.stateErrors)")
            let execution = try #require(report.execution)
            #expect(execution.failed.isEmpty && execution.skipped.isEmpty && execution.notStarted.isEmpty)
            // The creates and the deploy.
            #expect(execution.succeeded.count == Self.quickstartAddresses.count + 1)

            let all = events.all
            guard case .started(let steps, let changes)? = all.first else {
                Issue.record("the first event is not .started: \(all.first.map { "\($0)" } ?? "none")")
                return
            }
            #expect(steps == execution.succeeded.count)
            #expect(Set(changes.keys.map(\.description)).isSuperset(of: Self.quickstartAddresses))
            guard case .stepsFinished? = all.last else {
                Issue.record("the last event is not .stepsFinished")
                return
            }
            var started: [String: Int] = [:], succeeded: [String: Int] = [:]
            for (index, event) in all.enumerated() {
                guard case .step(let step) = event else { continue }
                switch step {
                case .started(let s): started["\(s)"] = index
                case .succeeded(let s, _): succeeded["\(s)"] = index
                case .failed, .skipped: Issue.record("unexpected \(step)")
                }
            }
            #expect(started.count == steps && succeeded.count == steps)
            for (step, end) in succeeded {
                #expect(started[step].map { $0 < end } == true, "\(step) succeeded before it started")
            }
            // The state records what was made.
            let state = try String(contentsOfFile: copy.manifests + "/canvasctl.state.json", encoding: .utf8)
            // (A schedule is recorded with its workflow.)
            for address in Self.quickstartAddresses where !address.hasPrefix("schedule.") {
                #expect(state.contains("\"\(address)\""), "\(address)")
            }
            #expect(!state.contains(emulator.secretKey))

            // A plan right after has no changes, and applying it only finishes the state.
            let again = try await Operations.plan(Self.planRequest(copy.manifests, environment: environment))
            #expect(!again.plan.summary.hasChanges)
            let nothing = try await Operations.apply(again)
            await again.close()
            #expect(nothing.execution == nil)
            #expect(nothing.isSuccess)

            // Run starts a workflow the state records, by its key.
            let run = try await Operations.run(RunRequest(
                workflow: "employee-sync", statePath: copy.manifests + "/canvasctl.state.json", environment: environment
            ))
            #expect(run.address == "workflow.employee-sync")
            #expect(run.fromBlock == nil && run.tillBlock == nil)

            // Export writes what apply made, and adopts it.
            let out = copy.root + "/exported"
            let exportEvents = EventLog<ExportEvent>()
            let exported = try await Operations.export(
                ExportRequest(directory: out, environment: environment, now: { Date(timeIntervalSince1970: 1_700_000_000) }),
                events: exportEvents.record
            )
            #expect(exported.files == [out + "/own-account.yaml"])
            #expect(exported.statePath == out + "/canvasctl.state.json")
            #expect(exported.accounts == 1)
            #expect(exported.adopted == exported.export.adopted.count)
            #expect(exported.adopted >= 6)
            #expect(exportEvents.all == [.accountsRead(1), .fileWritten(out + "/own-account.yaml"), .adopted(exported.adopted)])
            #expect(FileManager.default.fileExists(atPath: out + "/own-account.yaml"))
            let text = try String(contentsOfFile: out + "/own-account.yaml", encoding: .utf8)
            #expect(text.contains("2023-11-14"), "the header's date comes from the request's clock")
        }
    }

    @Test("a manifest that does not load comes back as diagnostics, with nothing printed and nothing left open")
    func diagnosticsAreTyped() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("canvasctl-ops-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "version: 1\nworkflows:\n  broken-marker-4711:\n    template: [unclosed\n".write(
            toFile: directory + "/broken.yaml", atomically: true, encoding: .utf8
        )
        try await Self.withEmulator { emulator, environment in
            let (outcome, printed) = await ProcessOutput.captured { () async -> Result<PlanningSession, OperationError> in
                do throws(OperationError) {
                    return .success(try await Operations.plan(Self.planRequest(directory, environment: environment)))
                } catch {
                    return .failure(error)
                }
            }
            guard case .failure(let error) = outcome else {
                Issue.record("a broken manifest planned")
                if case .success(let session) = outcome { await session.close() }
                return
            }
            guard case .diagnostics(let diagnostics) = error else {
                Issue.record("not diagnostics: \(error)")
                return
            }
            #expect(!diagnostics.isEmpty)
            #expect(error.description.contains("broken.yaml"))
            #expect(error.description.hasSuffix("\(diagnostics.count) error\(diagnostics.count == 1 ? "" : "s") found."))
            #expect(!printed.contains("broken.yaml"), "the library printed: \(printed)")
            #expect(!error.description.contains(emulator.secretKey))
            // The state's lock was released: nothing is left beside the manifests.
            let left = try FileManager.default.contentsOfDirectory(atPath: directory)
            #expect(left == ["broken.yaml"], "\(left)")
        }
    }

    @Test("a connection that cannot be made is a typed error naming what to set, never a key")
    func connectionFailureIsTyped() async throws {
        let copy = try Self.quickstartCopy()
        defer { try? FileManager.default.removeItem(atPath: copy.root) }
        let environment = ["CANVAS_URL": "https://canvas.example.invalid/api", "CANVAS_CONSUMER_KEY": "consumer-key-9931", "QUINYX_API_KEY": Self.quinyxKey]
        let (outcome, printed) = await ProcessOutput.captured { () async -> OperationError? in
            do throws(OperationError) {
                let session = try await Operations.plan(Self.planRequest(copy.manifests, environment: environment))
                await session.close()
                return nil
            } catch {
                return error
            }
        }
        let error = try #require(outcome)
        guard case .failed(let message) = error else {
            Issue.record("not a sentence: \(error)")
            return
        }
        #expect(message.hasPrefix("no Canvas API credentials are set (CANVAS_CONSUMER_KEY is set, CANVAS_SECRET_KEY is not)"))
        #expect(!message.contains("consumer-key-9931"))
        #expect(!printed.contains("no Canvas API credentials"), "the library printed: \(printed)")
    }

    @Test("run without a state is a typed error that says where the state is looked for")
    func runLookupIsTyped() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("canvasctl-ops-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do throws(OperationError) {
            _ = try await Operations.run(RunRequest(workflow: "employee-sync", statePath: directory + "/missing.json", environment: [:]))
            Issue.record("ran without a state")
        } catch {
            #expect(error.description.hasPrefix("there is no state file \(directory)/missing.json"))
        }
    }
}
