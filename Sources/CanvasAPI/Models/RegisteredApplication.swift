/// One item of `GET RegApplications`: a catalog application registered (with credentials) in an
/// account. Workflows use these by id. Credentials are write-only: the server never returns them.
public struct RegisteredApplication: Sendable, Hashable, Codable {
    public var id: CanvasID
    /// The catalog application's short code (`"QUIN"`).
    public var shortName: String?
    public var accountId: CanvasID?
    /// The catalog application this registers.
    public var applicationId: CanvasID
    /// The catalog application's name.
    public var name: String?
    /// The registration's own name, chosen on create or rename.
    public var tagText: String?
    public var description: String?
    public var isAuthenticated: Bool?
    public var isOAuthApp: Bool?
    public var dateModified: String?
    /// Null for applications that never authenticated.
    public var dateTimeUtcAuthenticated: String?
    public var dateTimeForReAuth: String?
    public var sessionTimeMins: Int?
    public var sessionSlidingExpiry: Bool?
    public var faulted: Bool?

    public init(
        id: CanvasID, shortName: String? = nil, accountId: CanvasID? = nil, applicationId: CanvasID,
        name: String? = nil, tagText: String? = nil, description: String? = nil, isAuthenticated: Bool? = nil,
        isOAuthApp: Bool? = nil, dateModified: String? = nil, dateTimeUtcAuthenticated: String? = nil,
        dateTimeForReAuth: String? = nil, sessionTimeMins: Int? = nil, sessionSlidingExpiry: Bool? = nil,
        faulted: Bool? = nil
    ) {
        self.id = id
        self.shortName = shortName
        self.accountId = accountId
        self.applicationId = applicationId
        self.name = name
        self.tagText = tagText
        self.description = description
        self.isAuthenticated = isAuthenticated
        self.isOAuthApp = isOAuthApp
        self.dateModified = dateModified
        self.dateTimeUtcAuthenticated = dateTimeUtcAuthenticated
        self.dateTimeForReAuth = dateTimeForReAuth
        self.sessionTimeMins = sessionTimeMins
        self.sessionSlidingExpiry = sessionSlidingExpiry
        self.faulted = faulted
    }
}
