/// One kind of resource a provider declares in manifests, and what the engine must know of it to
/// plan: whether other resources name its live instances (so that those are planned after it),
/// and the operation that follows a change of it.
public struct ResourceKind: Sendable, Hashable {
    /// The kind as addresses write it: `workflow` in `workflow.export`.
    public var name: String
    /// Whether resources of later kinds refer to its live instances by id (a Canvas workflow's slots
    /// name registered applications): the engine then tells later kinds the managed address of
    /// each live instance (``PlanningContext/managedAddress(of:)``).
    public var isReferenced: Bool
    /// The kind of an operation carried out on a resource of this kind after it is created, changed
    /// or replaced, when its manifest asks for it (Canvas: `deploy` after a workflow), and planned
    /// again while the state says the last one did not happen. Its changes have a ``Change/target``.
    public var followUp: String?

    public init(name: String, isReferenced: Bool = false, followUp: String? = nil) {
        self.name = name
        self.isReferenced = isReferenced
        self.followUp = followUp
    }
}
