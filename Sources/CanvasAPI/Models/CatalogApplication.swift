public import JSONSupport

/// One item of `GET Applications` (the catalog of third-party applications Canvas connects to), and
/// the shape of a workflow template's `applications` items, which name the template's application
/// slots. A manifest's application refers to one of these by `shortName`.
public struct CatalogApplication: Sendable, Hashable, Codable {
    public var id: CanvasID
    public var name: String?
    /// The catalog's short code (`"QUIN"`, `"TASO"`): the key `AddWorkflowApiDto.applications` uses.
    public var shortName: String?
    public var description: String?
    public var vendorUrl: String?
    /// The credentials a registration needs.
    public var credentialFields: [CredentialField]?
    /// The credentials object with every key and a `null` value: a template for `credentialsJson`.
    public var credentialsJson: [String: JSONValue]?
    /// Comma-separated tags (`"Scheduling,Planning,Premium"`, `"Hr, Premium"`).
    public var tag: String?
    public var sessionTimeMins: Int?
    public var sessionSlidingExpiry: Bool?

    public init(
        id: CanvasID, name: String? = nil, shortName: String? = nil, description: String? = nil,
        vendorUrl: String? = nil, credentialFields: [CredentialField]? = nil,
        credentialsJson: [String: JSONValue]? = nil, tag: String? = nil, sessionTimeMins: Int? = nil,
        sessionSlidingExpiry: Bool? = nil
    ) {
        self.id = id
        self.name = name
        self.shortName = shortName
        self.description = description
        self.vendorUrl = vendorUrl
        self.credentialFields = credentialFields
        self.credentialsJson = credentialsJson
        self.tag = tag
        self.sessionTimeMins = sessionTimeMins
        self.sessionSlidingExpiry = sessionSlidingExpiry
    }
}
