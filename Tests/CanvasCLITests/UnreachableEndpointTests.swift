import CanvasEmulator
import Foundation
import Testing

/// A Canvas API base URL that leads nowhere, as `plan` reports it: at once or after a short
/// window, in a sentence that names the setting (`CANVAS_URL` or `--endpoint`) and what to check,
/// never in a library's words.
struct UnreachableEndpointTests {
    /// A bound on how long a plan that cannot reach its server takes, as a guard only: with
    /// connections retried inside each attempt it took 50 s; alone, a refused one takes 1.5 s and
    /// the others a fraction of a second, but the whole suite at once on two cores has stretched
    /// them to 7 s.
    static let guardTime: Duration = .seconds(20)

    static let environment = [
        "CANVAS_CONSUMER_KEY": "consumer", "CANVAS_SECRET_KEY": "secret-value-123", "QUINYX_API_KEY": PlanCommandTests.quinyxKey,
    ]

    /// `plan` of the quick start with `extra` arguments and `environment`, and how long it took.
    static func plan(_ extra: [String] = [], environment: [String: String]) async throws -> (run: CLIRun, elapsed: Duration) {
        let copy = try PlanCommandTests.quickstartCopy()
        defer { try? FileManager.default.removeItem(atPath: copy.root) }
        let started = ContinuousClock.now
        let run = await CLI.run(["plan", copy.manifests] + extra, environment: environment)
        return (run, ContinuousClock.now - started)
    }

    static func expectPlainSentence(_ run: CLIRun, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.exitCode == 1, sourceLocation: sourceLocation)
        #expect(run.output.isEmpty, sourceLocation: sourceLocation)
        #expect(run.error.split(separator: "\n").count == 1, "one line: \(run.error)", sourceLocation: sourceLocation)
        for fragment in ["errno", "NIO", "SocketAddressError", "BoringSSL", "SSL_", ".swift", ".cc", "/Sources/", "(error set)", "retrying"] {
            #expect(!run.error.contains(fragment), "\(fragment) in \(run.error)", sourceLocation: sourceLocation)
        }
        PlanCommandTests.expectNoSecrets(run, ["secret-value-123", PlanCommandTests.quinyxKey], sourceLocation: sourceLocation)
    }

    @Test("a refused connection: retried for 1.5 s, then a sentence naming CANVAS_URL")
    func refused() async throws {
        let emulator = try await CanvasEmulator.start(EmulatorConfiguration())
        await emulator.shutdown()
        var environment = Self.environment
        environment["CANVAS_URL"] = emulator.baseURL
        let (run, elapsed) = try await Self.plan(environment: environment)
        Self.expectPlainSentence(run)
        #expect(run.error == "error: GET Applications failed after 5 attempts: connection refused; "
            + "check CANVAS_URL (\(emulator.baseURL)): its host and port, and that the server is running\n")
        #expect(elapsed < Self.guardTime, "a guard only")
    }

    @Test("an unknown host: at once, a sentence naming --endpoint")
    func unknownHost() async throws {
        let (run, elapsed) = try await Self.plan(["--endpoint", "https://no-such-host.invalid/api"], environment: Self.environment)
        Self.expectPlainSentence(run)
        #expect(run.error == "error: GET Applications failed: the host name is not known; "
            + "check --endpoint (https://no-such-host.invalid/api): the host name, and this machine's DNS\n")
        #expect(elapsed < Self.guardTime, "a guard only")
    }

    @Test("https to a plain http server: at once, a sentence that asks whether it is plain http")
    func tlsToPlainHTTP() async throws {
        let emulator = try await CanvasEmulator.start(EmulatorConfiguration())
        let url = emulator.baseURL.replacingOccurrences(of: "http://", with: "https://")
        var environment = Self.environment
        environment["CANVAS_URL"] = url
        let (run, elapsed) = try await Self.plan(environment: environment)
        await emulator.shutdown()
        Self.expectPlainSentence(run)
        #expect(run.error == "error: GET Applications failed: a TLS handshake failed (is the server plain http?); "
            + "check CANVAS_URL (\(url)): a server that speaks plain http takes an http:// URL (on this machine only)\n")
        #expect(elapsed < Self.guardTime, "a guard only")
    }

    @Test("a server that starts listening within the window of a refused connection is planned against")
    func refusedThenServing() async throws {
        let closed = try await CanvasEmulator.start(EmulatorConfiguration())
        await closed.shutdown()
        let keys = (consumer: "consumer-key-of-the-test", secret: "secret-key-of-the-test")
        let late = Task {
            try await Task.sleep(for: .milliseconds(100))
            return try await CanvasEmulator.start(EmulatorConfiguration(port: closed.port, consumerKey: keys.consumer, secretKey: keys.secret))
        }
        let (run, _) = try await Self.plan(environment: [
            "CANVAS_URL": closed.baseURL, "CANVAS_CONSUMER_KEY": keys.consumer, "CANVAS_SECRET_KEY": keys.secret,
            "QUINYX_API_KEY": PlanCommandTests.quinyxKey,
        ])
        let emulator = try await late.value
        await emulator.shutdown()
        #expect(run.exitCode == 0, "\(run.error)")
        #expect(run.output.contains("Plan: \(PlanCommandTests.quickstartCreates) to add"))
    }

    @Test("a base URL without /api: a 404 that says the URL must end in /api")
    func baseURLWithoutAPI() async throws {
        try await PlanCommandTests.withEmulator { emulator, environment in
            var stripped = environment
            let url = String(emulator.baseURL.dropLast("/api".count))
            stripped["CANVAS_URL"] = url
            let (run, _) = try await Self.plan(environment: stripped)
            Self.expectPlainSentence(run)
            #expect(run.error == "error: GET Applications failed (HTTP 404): the Canvas API base URL must end in /api "
                + "(e.g. https://canvas.connectmyapps.com/api); check CANVAS_URL (\(url))\n")
            PlanCommandTests.expectNoSecrets(run, PlanCommandTests.secrets(of: emulator))
        }
    }
}
