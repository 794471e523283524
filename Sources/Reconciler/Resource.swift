/// One resource as the reconciler compares it: desired (from the manifests) or current (from the
/// live state), with the attributes a plan compares and the resources it uses.
public struct Resource: Sendable, Hashable {
    public var address: ResourceAddress
    /// The live id, when the resource exists.
    public var id: String?
    public var attributes: [String: AttributeValue]
    /// Resources this one uses: it must be created after them and deleted before them.
    public var dependencies: Set<ResourceAddress>
    /// Refuse a plan that deletes or replaces it.
    public var protected: Bool

    public init(
        address: ResourceAddress, id: String? = nil, attributes: [String: AttributeValue] = [:],
        dependencies: Set<ResourceAddress> = [], protected: Bool = false
    ) {
        self.address = address
        self.id = id
        self.attributes = attributes
        self.dependencies = dependencies
        self.protected = protected
    }
}
