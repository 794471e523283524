import Hummingbird
import Logging

/// Starts a Hummingbird application with `router` on a free port of 127.0.0.1 and answers its
/// base URL once it listens: how the CLI tests' stand-in servers start.
enum LoopbackServer {
    static func start(_ router: Router<BasicRequestContext>, label: String) async -> (baseURL: String, task: Task<Void, any Error>) {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let application = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: label, factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let task = Task { try await application.run() }
        var port = 0
        for await bound in ports {
            port = bound
            break
        }
        return ("http://127.0.0.1:\(port)", task)
    }
}
