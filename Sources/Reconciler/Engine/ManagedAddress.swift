/// A managed resource's address with its text made once: a provider names it wherever a resource
/// refers to it (a Canvas workflow's slots, 20,000 times at 10,000 workflows).
public struct ManagedAddress: Sendable, Hashable {
    public let address: ResourceAddress
    public let text: String

    public init(_ address: ResourceAddress) {
        self.address = address
        self.text = address.description
    }
}
