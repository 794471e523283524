/// An error body as the API writes it, `{"State": 500, "Msg": "Undeclared RegisteredApplication"}`
/// (PascalCase keys). Some errors come as plain text instead; a client tries this first.
public struct ApiErrorBody: Sendable, Hashable, Codable {
    /// The HTTP status the server meant (`500`).
    public var state: Int?
    /// The message (`"Unknown workflow template …"`).
    public var msg: String?

    enum CodingKeys: String, CodingKey {
        case state = "State"
        case msg = "Msg"
    }

    public init(state: Int? = nil, msg: String? = nil) {
        self.state = state
        self.msg = msg
    }
}
