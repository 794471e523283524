/// The body of `GET Authenticate`, which has changed between versions of the API: the current
/// document shows a bare `true`; earlier versions answered with a token pair. A client accepts both.
public enum AuthenticationResponse: Sendable, Hashable, Codable {
    /// A bare boolean: whether the Consumer and SecretKey headers were accepted.
    case accepted(Bool)
    /// A token pair to send as `Authorization` from now on.
    case token(AccessToken)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let accepted = try? container.decode(Bool.self) {
            self = .accepted(accepted)
        } else {
            self = .token(try container.decode(AccessToken.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .accepted(let accepted): try container.encode(accepted)
        case .token(let token): try container.encode(token)
        }
    }
}
