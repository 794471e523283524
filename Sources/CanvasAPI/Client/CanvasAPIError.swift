import SafeText

/// A failed Canvas API call, with everything needed to act on it: the endpoint, the HTTP status,
/// the API's own message, and what kind of failure it is.
///
/// Its text never holds a credential: messages are scrubbed of the client's keys and of the
/// credential values it sent before they are stored. Its description is one line that a terminal
/// cannot act on: the server's message is written by whoever runs the server, so its control,
/// line-break and bidi characters are shown escaped (`PrintableText`), and a line break in it
/// cannot start a line that reads as an error of its own.
///
/// A failure that means the base URL is wrong (``Kind/unreachable(_:)``, ``Kind/wrongBaseURL``)
/// names the URL (redacted) and the setting it came from (``baseURLSource``), and says what to check.
public struct CanvasAPIError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// 401: the keys or the token are wrong or missing.
        case unauthorized
        /// 400 on deleting an application that workflows use; the workflows' ids.
        case applicationInUse(workflows: [CanvasID])
        /// Another 4xx: the request was refused; the message says why.
        case rejected
        /// 404 from a base URL whose path does not end in `/api`: the URL is wrong, not the call.
        case wrongBaseURL
        /// 429: too many requests, still so after the retries.
        case rateLimited
        /// 5xx: the server failed (Canvas also answers unknown ids with 500).
        case serverError
        /// The server cannot be reached where the base URL points; the cause says why.
        case unreachable(Unreachable)
        /// No HTTP answer: the connection dropped or timed out.
        case transport
        /// The caller stopped waiting (planning failed elsewhere, the run was interrupted).
        case cancelled
        /// An answer that does not have the documented shape.
        case unexpectedResponse
        /// A base URL that would send credentials in clear text to another machine.
        case insecureURL
    }

    /// Why a server cannot be reached: each is a fault of the base URL or of the network that
    /// asking again does not mend (a refused connection is retried briefly first).
    public enum Unreachable: Sendable, Hashable {
        /// Nothing accepts connections at the URL's host and port.
        case connectionRefused
        /// The URL's host name is not known (DNS has no address for it).
        case unknownHost
        /// An `https` URL to a server that answered in plain http.
        case tlsToPlainHTTP
        /// The server's TLS certificate is not trusted (self-signed, expired, for another name).
        case untrustedCertificate
        /// Another failure of the TLS handshake.
        case tlsHandshake

        /// The cause, as the error states it.
        var sentence: String {
            switch self {
            case .connectionRefused: "connection refused"
            case .unknownHost: "the host name is not known"
            case .tlsToPlainHTTP: "a TLS handshake failed (is the server plain http?)"
            case .untrustedCertificate: "a TLS handshake failed: the server's certificate is not trusted"
            case .tlsHandshake: "a TLS handshake failed"
            }
        }

        /// What to check in the base URL, or around it.
        var advice: String {
            switch self {
            case .connectionRefused: "its host and port, and that the server is running"
            case .unknownHost: "the host name, and this machine's DNS"
            case .tlsToPlainHTTP: "a server that speaks plain http takes an http:// URL (on this machine only)"
            case .untrustedCertificate: "that it names the Canvas API, and that this machine trusts the certificate's issuer"
            case .tlsHandshake: "that it names the Canvas API's https address"
            }
        }
    }

    public var kind: Kind
    /// The call, as `GET Workflows`; nil for errors before any call (an insecure URL).
    public var endpoint: String?
    public var status: Int?
    /// The API's message (from `{"State":…,"Msg":…}` or the text body), or a description of the
    /// transport failure.
    public var message: String
    /// How many attempts were made.
    public var attempts: Int
    /// The base URL the call went to, redacted (``RedactedURL``); named by the errors that mean
    /// it is wrong.
    public var baseURL: String?
    /// What set the base URL, as a person set it (`CANVAS_URL`, `--endpoint`); nil when unknown.
    public var baseURLSource: String?

    public init(
        kind: Kind, endpoint: String?, status: Int?, message: String, attempts: Int = 1,
        baseURL: String? = nil, baseURLSource: String? = nil
    ) {
        self.kind = kind
        self.endpoint = endpoint
        self.status = status
        self.message = message
        self.attempts = attempts
        self.baseURL = baseURL
        self.baseURLSource = baseURLSource
    }

    public var description: String {
        PrintableText.escaped(text)
    }

    /// The example of a base URL that every hint about one gives.
    static let exampleBaseURL = "https://canvas.connectmyapps.com/api"

    private var text: String {
        let call = endpoint.map { "\($0) " } ?? ""
        let statusText = status.map { " (HTTP \($0))" } ?? ""
        let tries = attempts > 1 ? " after \(attempts) attempts" : ""
        switch kind {
        case .unauthorized:
            return "\(call)was refused\(statusText): the Canvas API keys are wrong or missing; "
                + "set CANVAS_CONSUMER_KEY and CANVAS_SECRET_KEY (or CANVAS_TOKEN)"
        case .applicationInUse(let workflows):
            return "\(call)failed\(statusText): the application is used by workflow(s) "
                + workflows.map(\.rawValue).joined(separator: ", ") + "; " + message
        case .insecureURL:
            return message
        case .wrongBaseURL:
            return "\(call)failed\(statusText): the Canvas API base URL must end in /api (e.g. \(Self.exampleBaseURL)); "
                + check(nil)
        case .unreachable(let cause):
            return "\(call)failed\(tries): \(cause.sentence); \(check(cause.advice))"
        case .cancelled:
            return "\(call)was cancelled"
        case .transport:
            return "\(call)failed\(tries): \(message)"
        default:
            return "\(call)failed\(statusText)\(tries): \(message)"
        }
    }

    /// "check CANVAS_URL (URL): what", naming the setting and the URL when known.
    private func check(_ what: String?) -> String {
        let setting = baseURLSource ?? "the Canvas API base URL"
        let url = baseURL.map { " (\($0))" } ?? ""
        return "check \(setting)\(url)" + (what.map { ": \($0)" } ?? "")
    }
}
