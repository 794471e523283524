import Foundation
import Logging
import NIOCore
import NIOSSL
import PostgresNIO
import Synchronization

/// One connection to the PostgreSQL server of a state, made as its configuration says (TLS per
/// `sslmode`, the password from the URL or `PGPASSWORD`), whose failures are ``StateError``s that
/// name the state and never its password.
///
/// A run's lock is an advisory lock of this connection's server session, so the connection is the
/// run's own for as long as it holds the lock: never one of a pool.
final class PostgresLink: Sendable {
    let configuration: PostgresStateConfiguration
    private let connection: PostgresConnection
    /// Nothing of the database client is logged: its log lines would show queries and values.
    private static let logger = Logger(label: "canvasctl.state.postgres") { _ in SwiftLogNoOpLogHandler() }
    private let closing = Atomic<Bool>(false)

    private init(configuration: PostgresStateConfiguration, connection: PostgresConnection) {
        self.configuration = configuration
        self.connection = connection
    }

    var location: String { configuration.location }

    /// Connects, or says why not.
    static func connect(_ configuration: PostgresStateConfiguration) async throws(StateError) -> PostgresLink {
        let tls: PostgresConnection.Configuration.TLS
        do {
            tls = try Self.tls(configuration)
        } catch {
            throw .unreachable(location: configuration.location, reason: "its TLS settings cannot be used: \(error)")
        }
        var settings = PostgresConnection.Configuration(
            host: configuration.host, port: configuration.port, username: configuration.user, password: configuration.password,
            database: configuration.database, tls: tls
        )
        settings.options.connectTimeout = .nanoseconds(Int64(configuration.connectTimeout.components.seconds) * 1_000_000_000)
        settings.options.additionalStartupParameters = [("application_name", "canvasctl")]
        do {
            let connection = try await PostgresConnection.connect(configuration: settings, id: 1, logger: logger)
            return PostgresLink(configuration: configuration, connection: connection)
        } catch {
            let failure = PostgresFailure(error, password: configuration.password)
            throw .unreachable(location: configuration.location, reason: failure.reason)
        }
    }

    private static func tls(_ configuration: PostgresStateConfiguration) throws -> PostgresConnection.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch configuration.tls {
        case .disable: return .disable
        case .prefer, .require: tls.certificateVerification = .none
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        if let roots = configuration.rootCertificatePath {
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(roots))
        }
        let context = try NIOSSLContext(configuration: tls)
        return configuration.tls == .prefer ? .prefer(context) : .require(context)
    }

    /// Runs `query` and hands each row to `body`; a failure is a read failure of the state
    /// (`writing` false) or a write failure, or ``StateError/connectionLost(location:reason:)``
    /// when the connection is gone.
    func run(_ query: PostgresQuery, writing: Bool, _ body: (PostgresRow) throws(StateError) -> Void = { _ in }) async throws(StateError) {
        do {
            let rows = try await connection.query(query, logger: Self.logger)
            for try await row in rows {
                try body(row)
            }
        } catch let error as StateError {
            throw error
        } catch {
            throw failure(error, writing: writing)
        }
    }

    /// The rows of `query`, collected.
    func rows(_ query: PostgresQuery) async throws(StateError) -> [PostgresRow] {
        var rows: [PostgresRow] = []
        try await run(query, writing: false) { rows.append($0) }
        return rows
    }

    /// The state error of a failed query.
    func failure(_ error: any Error, writing: Bool) -> StateError {
        let failure = PostgresFailure(error, password: configuration.password)
        if failure.isConnectionLost || connection.isClosed {
            return .connectionLost(location: location, reason: failure.reason)
        }
        return writing ? .writeFailed(path: location, reason: failure.reason) : .unreadable(path: location, reason: failure.reason)
    }

    /// Decodes a row, a failure being the state's (a table not as canvasctl made it).
    func decode<T>(_ row: PostgresRow, as type: T.Type, _ decode: (PostgresRow) throws -> T) throws(StateError) -> T {
        do {
            return try decode(row)
        } catch {
            throw .corrupt(path: location, reason: "a row of its tables is not as canvasctl writes them (\(String(describing: type)))")
        }
    }

    /// Calls `lost` once, when the connection ends other than by ``close()``.
    func onLoss(_ lost: @escaping @Sendable () -> Void) {
        connection.closeFuture.whenComplete { [self] _ in
            if !closing.load(ordering: .acquiring) { lost() }
        }
    }

    /// Closes the connection: the server releases the advisory locks of its session.
    func close() async {
        guard !closing.exchange(true, ordering: .acquiringAndReleasing) else { return }
        try? await connection.close()
    }
}
