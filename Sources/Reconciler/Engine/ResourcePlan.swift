/// What a provider plans for one manifest resource: the resource's own change (at its address)
/// and those of its parts (a Canvas workflow's scheduler), plus the name its follow-up operation
/// is shown with.
public struct ResourcePlan: Sendable {
    /// The changes, the resource's own among them (the one at its address); its follow-up is
    /// planned by the engine.
    public var changes: [Change]
    /// What people know the resource by, for its follow-up's line in a plan.
    public var displayName: AttributeValue?

    public init(changes: [Change], displayName: AttributeValue? = nil) {
        self.changes = changes
        self.displayName = displayName
    }
}
