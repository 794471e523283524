/// One item of `GET Accounts`: an account of the organization. Accounts are what the
/// `ManagedAccountId` header selects, so a manifest's account names resolve to these ids.
public struct Account: Sendable, Hashable, Codable {
    public var id: CanvasID
    public var firstName: String?
    public var lastName: String?
    public var email: String?
    /// The all-zero GUID in the document's examples.
    public var organizationId: CanvasID?
    public var organizationName: String?
    public var roleId: CanvasID?
    /// `"User"`, `"SuperPartner"`, …
    public var role: String?
    /// As the server wrote it (no time zone in the examples).
    public var dateCreated: String?

    public init(
        id: CanvasID, firstName: String? = nil, lastName: String? = nil, email: String? = nil,
        organizationId: CanvasID? = nil, organizationName: String? = nil, roleId: CanvasID? = nil,
        role: String? = nil, dateCreated: String? = nil
    ) {
        self.id = id
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.organizationId = organizationId
        self.organizationName = organizationName
        self.roleId = roleId
        self.role = role
        self.dateCreated = dateCreated
    }
}
