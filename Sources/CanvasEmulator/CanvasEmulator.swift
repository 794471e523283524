import CanvasAPI
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The Canvas REST API served locally, so that tests, benchmarks and `canvasctl --endpoint local`
/// run the whole flow with no Canvas account: every endpoint of `canvas-rest-api.txt` with the
/// documented shapes, status codes and error bodies, its data in memory or in a JSON file. See
/// `docs/emulator.md` for what it checks and where it departs from Canvas.
public enum CanvasEmulator {
    /// Starts an emulator and returns once it accepts connections. Many can run at once, each on its
    /// own port (port 0 picks a free one).
    ///
    /// Keys not given in `configuration` are taken from the data file when it holds some, and
    /// otherwise generated (and saved in the data file, so a restart keeps them).
    public static func start(_ configuration: EmulatorConfiguration) async throws -> RunningEmulator {
        if let problem = configuration.problem { throw EmulatorStartError(message: problem) }
        let file = configuration.dataFile.map { EmulatorDataFile(path: $0) }
        var data = try file?.load()
            ?? EmulatorSeed.initialData(
                consumerKey: configuration.consumerKey ?? EmulatorKeys.newConsumerKey(),
                secretKey: configuration.secretKey ?? EmulatorKeys.newSecretKey()
            )
        if let consumerKey = configuration.consumerKey { data.consumerKey = consumerKey }
        if let secretKey = configuration.secretKey { data.secretKey = secretKey }

        let store = EmulatorStore(data: data, file: file)
        if file != nil {
            do {
                try await store.saveNow()
            } catch {
                throw EmulatorStartError(message: "cannot write the emulator data file \(configuration.dataFile ?? ""): \(error)")
            }
        }
        let keys = EmulatorKeys(consumer: data.consumerKey, secret: data.secretKey, token: EmulatorKeys.newToken())
        let requestLog = try configuration.requestLog.map { path throws(EmulatorStartError) in try RequestLogger(path: path) }
        let responder = EmulatorResponder(
            router: EmulatorRoutes(store: store, keys: keys).router().buildResponder(),
            faults: FaultInjector(rate: configuration.failRate, seed: configuration.seed),
            gate: configuration.maxConcurrentPerAccount.map { AccountGate(limit: $0) },
            latency: .milliseconds(configuration.latencyMilliseconds),
            requestLog: requestLog
        )

        let (events, continuation) = AsyncStream<ServerEvent>.makeStream()
        let quiet = Logger(label: "canvas-emulator", factory: { _ in SwiftLogNoOpLogHandler() })
        let application = Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: { channel in continuation.yield(.running(port: channel.localAddress?.port ?? configuration.port)) },
            logger: configuration.logger ?? quiet
        )
        // The server runs in a service group so that it can be stopped gracefully: cancelling it
        // drops the connections it has accepted and not yet served, and SwiftNIO traps on those
        // ("Deinited NIOAsyncWriter without calling finish()"). A graceful stop closes the listening
        // socket, serves what was accepted, and closes idle connections.
        var services = ServiceGroupConfiguration(services: [.init(service: application)], logger: quiet)
        services.maximumGracefulShutdownDuration = RunningEmulator.Lifetime.longestStop
        let group = ServiceGroup(configuration: services)
        let server = Task {
            do {
                try await group.run()
                continuation.yield(.stopped(nil))
            } catch {
                continuation.yield(.stopped(error))
            }
            continuation.finish()
        }

        for await event in events {
            switch event {
            case .running(let port):
                return RunningEmulator(
                    baseURL: "http://\(urlHost(configuration.host)):\(port)/api", port: port,
                    consumerKey: keys.consumer, secretKey: keys.secret, token: keys.token,
                    lifetime: RunningEmulator.Lifetime(server: server, group: group, requestLog: requestLog)
                )
            case .stopped(let error):
                requestLog?.finish()
                let reason = error.map { "\($0)" } ?? "the server stopped before it was running"
                throw EmulatorStartError(message: "cannot serve on \(configuration.host):\(configuration.port): \(reason)")
            }
        }
        // The caller was cancelled before the server ran: stop it rather than leave it serving.
        server.cancel()
        _ = await server.value
        requestLog?.finish()
        throw EmulatorStartError(message: "cannot serve on \(configuration.host):\(configuration.port)")
    }

    /// What the server task reports while starting.
    private enum ServerEvent: Sendable {
        case running(port: Int)
        case stopped((any Error)?)
    }

    /// The host as a URL writes it: a wildcard address is reached through loopback, an IPv6 address
    /// goes in brackets.
    static func urlHost(_ host: String) -> String {
        switch host {
        case "0.0.0.0", "": return "127.0.0.1"
        case "::", "[::]": return "[::1]"
        default: return host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        }
    }
}
