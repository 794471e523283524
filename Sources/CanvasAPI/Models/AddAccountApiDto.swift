/// The body of `POST Account`: registers an account in the organization (an inactive one gets an
/// activation email). `role` and `isActive` are declared by the type but not shown in the document's
/// example, whose list is cut off after `email`.
public struct AddAccountApiDto: Sendable, Hashable, Codable {
    public var firstName: String
    public var lastName: String
    public var email: String
    /// `"User"` or `"SuperPartner"`; the server refuses `"Admin"`.
    public var role: String?
    public var isActive: Bool?

    public init(firstName: String, lastName: String, email: String, role: String? = nil, isActive: Bool? = nil) {
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.role = role
        self.isActive = isActive
    }
}
