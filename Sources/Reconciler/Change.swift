/// What a plan will do to one resource, and why.
public struct Change: Sendable, Hashable, Codable {
    public enum Action: String, Sendable, Hashable, Codable, CaseIterable {
        case create, update, replace, delete, noop
    }

    /// One attribute whose value changes: before (nil when the resource is new) and after (nil when
    /// it goes away).
    public struct AttributeChange: Sendable, Hashable, Codable {
        public var name: String
        public var before: AttributeValue?
        public var after: AttributeValue?
        /// Whether this attribute cannot change in place, so that the resource is replaced.
        public var forcesReplacement: Bool

        public init(name: String, before: AttributeValue?, after: AttributeValue?, forcesReplacement: Bool = false) {
            self.name = name
            self.before = before
            self.after = after
            self.forcesReplacement = forcesReplacement
        }
    }

    public var address: ResourceAddress
    public var action: Action
    /// The live id of the resource changed (nil for a create).
    public var id: String?
    public var attributes: [AttributeChange]
    public var dependencies: Set<ResourceAddress>
    /// Why: which attribute forces a replace, or "no longer in the manifests".
    public var reason: String?

    public init(
        address: ResourceAddress, action: Action, id: String? = nil, attributes: [AttributeChange] = [],
        dependencies: Set<ResourceAddress> = [], reason: String? = nil
    ) {
        self.address = address
        self.action = action
        self.id = id
        self.attributes = attributes
        self.dependencies = dependencies
        self.reason = reason
    }
}
