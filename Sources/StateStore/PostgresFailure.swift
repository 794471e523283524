import Foundation
import NIOCore
import NIOPosix
import PostgresNIO
import SafeText

/// What went wrong talking to PostgreSQL, as a sentence: the server's own message and SQLSTATE, or
/// why there was no connection. PostgresNIO's errors describe themselves as a generic text on
/// purpose (their details may hold a query's values); these are the details a person needs, and
/// none of them holds the password, which is cut out of the sentence all the same.
struct PostgresFailure: Sendable {
    let reason: String
    /// True when the connection is gone (closed by the server, the network, or never made).
    let isConnectionLost: Bool

    init(_ error: any Error, password: String?) {
        var (text, lost) = Self.describe(error)
        if let password, !password.isEmpty {
            text = text.replacingOccurrences(of: password, with: "***")
        }
        reason = PrintableText.escaped(text)
        isConnectionLost = lost
    }

    private static func describe(_ error: any Error) -> (text: String, lost: Bool) {
        var lost = false
        let text: String
        if let error = error as? PSQLError {
            switch error.code {
            case .server:
                let message = error.serverInfo?[.message] ?? "an error"
                let state = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
                text = "the server answered: \(message)\(state)"
            case .sslUnsupported:
                text = "the server offers no TLS, and its sslmode asks for it"
            case .authMechanismRequiresPassword:
                text = "the server asks for a password, and none was given (in the state's URL or PGPASSWORD)"
            case .unsupportedAuthMechanism, .saslError:
                text = "the server's authentication failed (\(error.code))"
            case .serverClosedConnection, .uncleanShutdown:
                lost = true
                text = "the server closed the connection"
            case .clientClosedConnection:
                lost = true
                text = "the connection was closed"
            case .connectionError:
                lost = true
                text = error.underlying.map(Self.describeTransport) ?? "the connection failed"
            case .queryCancelled:
                text = "the query was cancelled"
            default:
                text = "the database client failed (\(error.code))"
            }
        } else {
            text = Self.describeTransport(error)
            lost = error is ChannelError || error is IOError || error is NIOConnectionError
        }
        return (text, lost)
    }

    /// Why a connection could not be made or was lost, without NIO's type names.
    private static func describeTransport(_ error: any Error) -> String {
        switch error {
        case let error as NIOConnectionError:
            if let first = error.connectionErrors.first { return describeTransport(first.error) }
            if error.dnsAError != nil || error.dnsAAAAError != nil { return "the host's name was not found" }
            return "no address of the host answered"
        case let error as IOError:
            return String(cString: strerror(error.errnoCode)).lowercased()
        case ChannelError.connectTimeout:
            return "the connection timed out"
        case let error as ChannelError:
            return "the connection failed (\(error))"
        default:
            return String(describing: error)
        }
    }
}
