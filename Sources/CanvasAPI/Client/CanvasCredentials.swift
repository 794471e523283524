/// How a client proves who it is: the organisation's Consumer and SecretKey, or a bearer token.
///
/// Its descriptions never show the values, so that a credential printed by accident (in a log line,
/// an error, a debugger) shows nothing secret.
public enum CanvasCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    case keys(consumer: String, secret: String)
    case bearer(token: String)

    /// The header fields that carry the credentials.
    var headers: [(name: String, value: String)] {
        switch self {
        case .keys(let consumer, let secret):
            [("Consumer", consumer), ("SecretKey", secret)]
        case .bearer(let token):
            // Some versions of the API hand out tokens already prefixed with "Bearer ".
            [("Authorization", token.hasPrefix("Bearer ") ? token : "Bearer " + token)]
        }
    }

    /// Every secret value, for scrubbing them out of any text that could reach a person.
    var secrets: [String] {
        switch self {
        case .keys(let consumer, let secret): [consumer, secret]
        case .bearer(let token): [token]
        }
    }

    public var description: String {
        switch self {
        case .keys: "Consumer and SecretKey (sensitive)"
        case .bearer: "bearer token (sensitive)"
        }
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror { Mirror(self, children: ["credentials": description]) }
}
