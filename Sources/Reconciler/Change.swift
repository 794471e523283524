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
        /// Whether its live value is not the one last applied: someone changed it in the provider
        /// by hand, and this change puts it back (``DriftCheck``).
        public var drifted: Bool

        public init(name: String, before: AttributeValue?, after: AttributeValue?, forcesReplacement: Bool = false, drifted: Bool = false) {
            self.name = name
            self.before = before
            self.after = after
            self.forcesReplacement = forcesReplacement
            self.drifted = drifted
        }

        private enum CodingKeys: String, CodingKey {
            case name, before, after, forcesReplacement, drifted
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            before = try container.decodeIfPresent(AttributeValue.self, forKey: .before)
            after = try container.decodeIfPresent(AttributeValue.self, forKey: .after)
            forcesReplacement = try container.decode(Bool.self, forKey: .forcesReplacement)
            drifted = try container.decodeIfPresent(Bool.self, forKey: .drifted) ?? false
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
    /// Set when the change undoes something done in the provider by hand since the last apply:
    /// "changed in Canvas since the last apply", "deleted in Canvas since the last apply".
    public var drift: String?
    /// Where the resource lives, for grouping a long plan (a Canvas account); nil when the provider
    /// has one place only.
    public var group: String?

    public init(
        address: ResourceAddress, action: Action, id: String? = nil, attributes: [AttributeChange] = [],
        dependencies: Set<ResourceAddress> = [], reason: String? = nil, drift: String? = nil, group: String? = nil
    ) {
        self.drift = drift
        self.group = group
        self.address = address
        self.action = action
        self.id = id
        self.attributes = attributes
        self.dependencies = dependencies
        self.reason = reason
    }

    private enum CodingKeys: String, CodingKey {
        case address, action, id, attributes, dependencies, reason, drift, group
    }

    /// Written with its dependencies in order of address: a set's order changes from process to
    /// process, and a saved plan must read back to the same text (its authentication code is of
    /// that text).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(address, forKey: .address)
        try container.encode(action, forKey: .action)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encode(attributes, forKey: .attributes)
        try container.encode(dependencies.sorted(), forKey: .dependencies)
        try container.encodeIfPresent(reason, forKey: .reason)
        try container.encodeIfPresent(drift, forKey: .drift)
        try container.encodeIfPresent(group, forKey: .group)
    }
}
