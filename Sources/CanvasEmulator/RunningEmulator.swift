import ServiceLifecycle

/// An emulator that is serving: where to reach it, the secrets to send, and how to stop it. Returned
/// by ``CanvasEmulator/start(_:)``; tests and `--endpoint local` hand these values to a client.
public struct RunningEmulator: Sendable {
    /// The base URL to give as `CANVAS_URL`: `http://127.0.0.1:PORT/api`.
    public let baseURL: String
    /// The port it listens on (the one picked when the configuration asked for port 0).
    public let port: Int
    /// The `Consumer` header value it accepts.
    public let consumerKey: String
    /// The `SecretKey` header value it accepts.
    public let secretKey: String
    /// A token it accepts as `Authorization: Bearer <token>`; new on every start.
    public let token: String

    let lifetime: Lifetime

    /// Stops serving, gracefully: the listening socket is closed, the requests under way are
    /// answered, every connection is closed, and the request log is closed. Returns when the server
    /// has stopped; calling it again does nothing.
    public func shutdown() async {
        await lifetime.stop()
    }

    /// The server task and what must be closed after it; shared by the copies of a RunningEmulator.
    final class Lifetime: Sendable {
        /// How long a graceful stop may wait for the requests under way before it cancels them.
        static let longestStop: Duration = .seconds(10)

        private let server: Task<Void, Never>
        private let group: ServiceGroup
        private let requestLog: RequestLogger?

        init(server: Task<Void, Never>, group: ServiceGroup, requestLog: RequestLogger?) {
            self.server = server
            self.group = group
            self.requestLog = requestLog
        }

        func stop() async {
            await group.triggerGracefulShutdown()
            await server.value
            requestLog?.finish()
        }
    }
}
