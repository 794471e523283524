/// The token pair some versions of `GET Authenticate` answer with: a short-lived access token (a JWT
/// already prefixed `Bearer `, for the `Authorization` header) and a refresh token, with their expiry
/// times as the server wrote them.
///
/// `description` leaves the tokens out, so a value can be logged.
public struct AccessToken: Sendable, Hashable, Codable, CustomStringConvertible, CustomDebugStringConvertible {
    public var accessToken: String
    public var accessTokenExpiresDateTime: String?
    public var refreshToken: String?
    public var refreshTokenExpiresDateTime: String?

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case accessTokenExpiresDateTime
        case refreshToken = "refresh_token"
        case refreshTokenExpiresDateTime
    }

    public init(
        accessToken: String, accessTokenExpiresDateTime: String? = nil, refreshToken: String? = nil,
        refreshTokenExpiresDateTime: String? = nil
    ) {
        self.accessToken = accessToken
        self.accessTokenExpiresDateTime = accessTokenExpiresDateTime
        self.refreshToken = refreshToken
        self.refreshTokenExpiresDateTime = refreshTokenExpiresDateTime
    }

    public var description: String {
        let access = accessTokenExpiresDateTime.map { String(reflecting: $0) } ?? "nil"
        let refresh = refreshTokenExpiresDateTime.map { String(reflecting: $0) } ?? "nil"
        return "AccessToken(accessToken: <redacted>, accessTokenExpiresDateTime: \(access), "
            + "refreshToken: \(refreshToken == nil ? "nil" : "<redacted>"), refreshTokenExpiresDateTime: \(refresh))"
    }

    public var debugDescription: String { description }
}

/// `dump` and debuggers show the redacted description, not the stored secrets.
extension AccessToken: CustomReflectable {
    public var customMirror: Mirror { Mirror(self, children: ["redacted": description]) }
}
