import AsyncHTTPClient
@testable import CanvasAPI
import CanvasEmulator
import Foundation
import Logging
import NIOCore
import NIOSSL
import Testing

/// Calls that get no HTTP answer: a cancelled call is not retried, what cannot heal fails at once,
/// a refused connection is retried over a short known window, and each ends in a sentence.
struct TransportFailureTests {
    /// The default policy's waits after a refused connection: 100 + 200 + 400 + 800 ms.
    static let refusedWindow: Duration = .milliseconds(1500)
    /// A bound on how long a call that cannot get through takes, as a guard only: with connections
    /// retried inside each attempt it took 50 s; alone, a refused one takes 1.5 s and the others
    /// milliseconds, but the whole suite at once on two cores has stretched them to 7 s.
    static let guardTime: Duration = .seconds(20)

    /// A loopback port nothing listens on: one an emulator just gave back.
    static func closedPort() async throws -> Int {
        let emulator = try await CanvasEmulator.start(EmulatorConfiguration())
        await emulator.shutdown()
        return emulator.port
    }

    static func client(_ baseURL: String, logger: Logger = Logger(label: "test"), source: String? = "CANVAS_URL") throws -> CanvasClient {
        try CanvasClient(
            configuration: CanvasClientConfiguration(baseURL: baseURL, credentials: .keys(consumer: "consumer-key", secret: "secret-key"), baseURLSource: source),
            httpClient: CanvasClient.sharedHTTPClient, logger: logger
        )
    }

    /// The error `call` throws and how long it took.
    static func failure(_ call: () async throws(CanvasAPIError) -> Void) async -> (error: CanvasAPIError?, elapsed: Duration) {
        let started = ContinuousClock.now
        do {
            try await call()
            return (nil, ContinuousClock.now - started)
        } catch {
            return (error, ContinuousClock.now - started)
        }
    }

    /// Fails when `text` shows a library's words or a build path.
    static func expectNoLibraryText(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for fragment in ["errno", "NIO", "SocketAddressError", "BoringSSL", "SSL_", ".swift", ".cc", "/Sources/", "(error set)"] {
            #expect(!text.contains(fragment), "\(fragment) in \(text)", sourceLocation: sourceLocation)
        }
    }

    @Test("a call cancelled while the server takes its time ends as cancelled: no retry, no warning")
    func cancelled() async throws {
        let capture = LogCapture()
        let emulator = try await CanvasEmulator.start(EmulatorConfiguration(latencyMilliseconds: 400))
        let client = try Self.client(emulator.baseURL, logger: capture.logger())
        let call = Task { try await client.applications() }
        try await Task.sleep(for: .milliseconds(50))
        call.cancel()
        let error = await call.result.failure as? CanvasAPIError
        await emulator.shutdown()
        #expect(error?.kind == .cancelled)
        #expect(error?.description == "GET Applications was cancelled")
        #expect(!capture.all.contains { $0.contains("retrying") }, "\(capture.all)")
    }

    @Test("a refused connection is retried for 1.5 s, the logged waits are the real ones, and it ends in a sentence naming the setting")
    func refused() async throws {
        let port = try await Self.closedPort()
        let capture = LogCapture()
        let client = try Self.client("http://127.0.0.1:\(port)/api", logger: capture.logger())
        let (error, elapsed) = await Self.failure { () throws(CanvasAPIError) in _ = try await client.applications() }
        #expect(error?.kind == .unreachable(.connectionRefused))
        #expect(error?.attempts == 5)
        #expect(error?.description == "GET Applications failed after 5 attempts: connection refused; "
            + "check CANVAS_URL (http://127.0.0.1:\(port)/api): its host and port, and that the server is running")
        let delays = capture.all.filter { $0.contains("retrying") }.compactMap { line in
            line.split(separator: " ").first { $0.hasPrefix("delay_ms=") }.flatMap { Int($0.dropFirst("delay_ms=".count)) }
        }
        #expect(delays == [100, 200, 400, 800])
        #expect(capture.all.filter { $0.contains("retrying") }.allSatisfy { $0.contains("reason=connection refused") })
        // The waits are the time between the attempts: no connection is retried inside an attempt.
        #expect(elapsed >= Self.refusedWindow)
        #expect(elapsed < Self.guardTime, "a guard only")
        // A create is retried too: a refused connection sent nothing.
        let (create, _) = await Self.failure { () throws(CanvasAPIError) in
            _ = try await client.createRegisteredApplication(ClientContractTests.quinyxApplication())
        }
        #expect(create?.kind == .unreachable(.connectionRefused))
        #expect(create?.attempts == 5)
    }

    @Test("a server that comes back within the window of a refused connection answers the call")
    func refusedThenServing() async throws {
        let port = try await Self.closedPort()
        let client = try CanvasClient(configuration: CanvasClientConfiguration(
            baseURL: "http://127.0.0.1:\(port)/api", credentials: .keys(consumer: "consumer-key", secret: "secret-key-of-the-test")
        ))
        let late = Task {
            try await Task.sleep(for: .milliseconds(100))
            return try await CanvasEmulator.start(EmulatorConfiguration(port: port, consumerKey: "consumer-key", secretKey: "secret-key-of-the-test"))
        }
        let catalog = await Task { try await client.applications() }.result
        let emulator = try await late.value
        await emulator.shutdown()
        #expect(try catalog.get().count >= 6)
    }

    @Test("an unknown host fails at once, in a sentence")
    func unknownHost() async throws {
        let client = try Self.client("https://no-such-host.invalid/api", source: "--endpoint")
        let (error, elapsed) = await Self.failure { () throws(CanvasAPIError) in _ = try await client.applications() }
        #expect(error?.kind == .unreachable(.unknownHost))
        #expect(error?.attempts == 1)
        #expect(error?.description == "GET Applications failed: the host name is not known; "
            + "check --endpoint (https://no-such-host.invalid/api): the host name, and this machine's DNS")
        #expect(elapsed < Self.guardTime, "a guard only")
    }

    @Test("https to a plain http server fails at once, and says so without BoringSSL's words")
    func tlsToPlainHTTP() async throws {
        let emulator = try await CanvasEmulator.start(EmulatorConfiguration())
        let url = emulator.baseURL.replacingOccurrences(of: "http://", with: "https://")
        let client = try Self.client(url)
        let (error, elapsed) = await Self.failure { () throws(CanvasAPIError) in _ = try await client.applications() }
        await emulator.shutdown()
        #expect(error?.kind == .unreachable(.tlsToPlainHTTP))
        #expect(error?.attempts == 1)
        #expect(error?.description == "GET Applications failed: a TLS handshake failed (is the server plain http?); "
            + "check CANVAS_URL (\(url)): a server that speaks plain http takes an http:// URL (on this machine only)")
        Self.expectNoLibraryText(error?.description ?? "")
        #expect(elapsed < Self.guardTime, "a guard only")
    }

    @Test("a 404 below a base URL without /api says the URL must end in /api; with /api a 404 stays the API's")
    func baseURLWithoutAPI() async throws {
        let emulator = try await CanvasEmulator.start(EmulatorConfiguration())
        let stripped = String(emulator.baseURL.dropLast("/api".count))
        let client = try CanvasClient(configuration: CanvasClientConfiguration(
            baseURL: stripped, credentials: .keys(consumer: emulator.consumerKey, secret: emulator.secretKey), baseURLSource: "CANVAS_URL"
        ))
        let (error, _) = await Self.failure { () throws(CanvasAPIError) in _ = try await client.applications() }
        let withAPI = try CanvasClient(configuration: CanvasClientConfiguration(
            baseURL: emulator.baseURL + "/", credentials: .keys(consumer: emulator.consumerKey, secret: emulator.secretKey)
        ))
        let (found, _) = await Self.failure { () throws(CanvasAPIError) in _ = try await withAPI.applications() }
        await emulator.shutdown()
        #expect(error?.kind == .wrongBaseURL)
        #expect(error?.description == "GET Applications failed (HTTP 404): the Canvas API base URL must end in /api "
            + "(e.g. https://canvas.connectmyapps.com/api); check CANVAS_URL (\(stripped))")
        #expect(found == nil, "a trailing slash after /api is fine")
        #expect(CanvasClientConfiguration.endsInAPI("https://canvas.connectmyapps.com/API"))
        #expect(!CanvasClientConfiguration.endsInAPI("https://canvas.connectmyapps.com/apis"))
        #expect(!CanvasClientConfiguration.endsInAPI("https://canvas.connectmyapps.com"))
    }

    @Test("library errors are told apart: refused, unknown host, TLS, cancelled, lost")
    func classification() {
        let timeout: Duration = .seconds(30)
        #expect(TransportFailure(IOError(errnoCode: ECONNREFUSED, reason: "connect"), timeout: timeout) == .refused)
        #expect(TransportFailure(HTTPClientError.cancelled, timeout: timeout) == .cancelled)
        #expect(TransportFailure(HTTPClientError.deadlineExceeded, timeout: timeout) == .lost("no answer within 30 s"))
        #expect(TransportFailure(HTTPClientError.remoteConnectionClosed, timeout: timeout) == .lost("the server closed the connection before it answered"))
        #expect(TransportFailure(NIOSSLError.handshakeFailed(.sslError([])), timeout: timeout) == .unreachable(.tlsHandshake))
    }
}

extension Result {
    /// The error, for a failure.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
