/// What the engine tells a provider about the rest of the plan while it plans one resource: the
/// managed address of each live instance of a referenced kind (``ResourceKind/isReferenced``) as
/// planned so far, and which addresses of those kinds the manifests declare.
///
/// A resource of a later kind that refers to a live instance by id shows it by its address, and
/// one that refers to an instance on its way out (no longer declared, or replaced) is changed
/// before that instance is deleted.
public struct PlanningContext<ID: Hashable & Sendable>: Sendable {
    @usableFromInline var addresses: [ID: ManagedAddress]
    @usableFromInline var declared: Set<ResourceAddress>

    @inlinable
    init(addresses: [ID: ManagedAddress], declared: Set<ResourceAddress>) {
        self.addresses = addresses
        self.declared = declared
    }

    /// The managed address of the live resource `id`: nil when nothing manages it, or when it is
    /// being replaced (its dependents move to the new instance).
    @inlinable
    public func managedAddress(of id: ID) -> ManagedAddress? {
        addresses[id]
    }

    /// Whether the manifests declare `address` (of a referenced kind planned so far).
    @inlinable
    public func isDeclared(_ address: ResourceAddress) -> Bool {
        declared.contains(address)
    }
}
