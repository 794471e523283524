import AsyncHTTPClient
import NIOCore
import NIOPosix
import NIOSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why an attempt got no HTTP answer, told from AsyncHTTPClient's and SwiftNIO's errors, so that
/// the client retries what may heal and reports the rest at once, in a sentence rather than in a
/// library's words (BoringSSL's, with its source paths; NIO's errno texts).
///
/// - `cancelled`: the caller gave up; neither a failure of the server nor worth a retry.
/// - `refused`: nothing listens where the base URL points. Nothing was sent, so any call may be
///   repeated, briefly: a server that is restarting comes back.
/// - `unreachable`: the host name is not known, or TLS failed: asking again gives the same answer.
/// - `lost`: the connection broke or timed out; the request may have reached the server.
enum TransportFailure: Sendable, Hashable {
    case cancelled
    case refused
    case unreachable(CanvasAPIError.Unreachable)
    case lost(String)

    /// The failure `error` means, for an attempt whose deadline was `timeout`.
    init(_ error: any Error, timeout: Duration) {
        if let failure = Self.classify(error, timeout: timeout) {
            self = failure
        } else {
            self = .lost("the connection failed: \(error)")
        }
    }

    private static func classify(_ error: any Error, timeout: Duration) -> TransportFailure? {
        switch error {
        case let error as HTTPClientError:
            return classify(error, timeout: timeout)
        case let error as NIOConnectionError:
            if error.connectionErrors.isEmpty, error.dnsAError != nil || error.dnsAAAAError != nil {
                return .unreachable(.unknownHost)
            }
            let causes = error.connectionErrors.map { classify($0.error, timeout: timeout) }
            if !causes.isEmpty, causes.allSatisfy({ $0 == .refused }) { return .refused }
            return causes.lazy.compactMap { $0 }.first(where: { $0 != .refused }) ?? causes.lazy.compactMap { $0 }.first
        case let error as IOError:
            switch error.errnoCode {
            case ECONNREFUSED: return .refused
            case ECONNRESET: return .lost("the server reset the connection")
            case ENETUNREACH, EHOSTUNREACH: return .lost("there is no route to the host")
            case ETIMEDOUT: return .lost("the connection timed out")
            default: return nil
            }
        case is SocketAddressError.UnknownHost:
            return .unreachable(.unknownHost)
        case let error as NIOSSLError:
            let said = String(describing: error)
            if said.contains("WRONG_VERSION_NUMBER") || said.contains("HTTP_REQUEST") { return .unreachable(.tlsToPlainHTTP) }
            if said.contains("CERTIFICATE_VERIFY_FAILED") { return .unreachable(.untrustedCertificate) }
            return .unreachable(.tlsHandshake)
        case is NIOSSLExtraError:
            return .unreachable(.untrustedCertificate)
        default:
            return nil
        }
    }

    private static func classify(_ error: HTTPClientError, timeout: Duration) -> TransportFailure? {
        switch error {
        case .cancelled: .cancelled
        case .deadlineExceeded, .readTimeout: .lost("no answer within \(seconds(timeout))")
        case .connectTimeout: .lost("no connection within \(seconds(CanvasClient.connectTimeout))")
        case .tlsHandshakeTimeout: .lost("the TLS handshake did not finish in time")
        case .remoteConnectionClosed: .lost("the server closed the connection before it answered")
        default: nil
        }
    }

    private static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return attoseconds == 0 ? "\(seconds) s" : "\(Double(seconds) + Double(attoseconds) / 1e18) s"
    }
}
