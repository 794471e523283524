import SafeText

/// A failed Canvas API call, with everything needed to act on it: the endpoint, the HTTP status,
/// the API's own message, and what kind of failure it is.
///
/// Its text never holds a credential: messages are scrubbed of the client's keys and of the
/// credential values it sent before they are stored. Its description is one line that a terminal
/// cannot act on: the server's message is written by whoever runs the server, so its control,
/// line-break and bidi characters are shown escaped (`PrintableText`), and a line break in it
/// cannot start a line that reads as an error of its own.
public struct CanvasAPIError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// 401: the keys or the token are wrong or missing.
        case unauthorized
        /// 400 on deleting an application that workflows use; the workflows' ids.
        case applicationInUse(workflows: [CanvasID])
        /// Another 4xx: the request was refused; the message says why.
        case rejected
        /// 429: too many requests, still so after the retries.
        case rateLimited
        /// 5xx: the server failed (Canvas also answers unknown ids with 500).
        case serverError
        /// No HTTP answer: connection refused or dropped, timeout, DNS.
        case transport
        /// An answer that does not have the documented shape.
        case unexpectedResponse
        /// A base URL that would send credentials in clear text to another machine.
        case insecureURL
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

    public init(kind: Kind, endpoint: String?, status: Int?, message: String, attempts: Int = 1) {
        self.kind = kind
        self.endpoint = endpoint
        self.status = status
        self.message = message
        self.attempts = attempts
    }

    public var description: String {
        PrintableText.escaped(text)
    }

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
        case .transport:
            return "\(call)failed\(tries): \(message)"
        default:
            return "\(call)failed\(statusText)\(tries): \(message)"
        }
    }
}
