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
    /// What people know the resource by in the provider (its name there, which a plan shows beside
    /// the address when it is not the key): `.string`, or `.sensitive` when the name is a secret
    /// (shown as `(sensitive)`). Set by the provider on changes; nil when it has none to give.
    public var displayName: AttributeValue?
    /// How many of the resource's attributes the plan compared and found equal: an update or a
    /// replace counts them (`# (3 unchanged attributes hidden)`) instead of listing them.
    public var unchangedAttributes: Int
    /// Set when this change is an operation carried out on another resource, the target, rather
    /// than a resource of its own (a deploy of a workflow): it adds nothing, so summaries count it
    /// apart, by its kind, and a text plan lists it right after its target's change.
    public var target: ResourceAddress?

    public init(
        address: ResourceAddress, action: Action, id: String? = nil, attributes: [AttributeChange] = [],
        dependencies: Set<ResourceAddress> = [], reason: String? = nil, drift: String? = nil, group: String? = nil,
        displayName: AttributeValue? = nil, unchangedAttributes: Int = 0, target: ResourceAddress? = nil
    ) {
        self.drift = drift
        self.group = group
        self.displayName = displayName
        self.unchangedAttributes = unchangedAttributes
        self.target = target
        self.address = address
        self.action = action
        self.id = id
        self.attributes = attributes
        self.dependencies = dependencies
        self.reason = reason
    }

    private enum CodingKeys: String, CodingKey {
        case address, action, id, attributes, dependencies, reason, drift, group, displayName, unchangedAttributes, target
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        address = try container.decode(ResourceAddress.self, forKey: .address)
        action = try container.decode(Action.self, forKey: .action)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        attributes = try container.decode([AttributeChange].self, forKey: .attributes)
        dependencies = try container.decode(Set<ResourceAddress>.self, forKey: .dependencies)
        reason = try container.decodeIfPresent(String.self, forKey: .reason)
        drift = try container.decodeIfPresent(String.self, forKey: .drift)
        group = try container.decodeIfPresent(String.self, forKey: .group)
        displayName = try container.decodeIfPresent(AttributeValue.self, forKey: .displayName)
        unchangedAttributes = try container.decodeIfPresent(Int.self, forKey: .unchangedAttributes) ?? 0
        target = try container.decodeIfPresent(ResourceAddress.self, forKey: .target)
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
        try container.encodeIfPresent(displayName, forKey: .displayName)
        if unchangedAttributes > 0 { try container.encode(unchangedAttributes, forKey: .unchangedAttributes) }
        try container.encodeIfPresent(target, forKey: .target)
    }
}

extension Change {
    /// The attribute every provider records `protect` under: the engine's, compared like any other
    /// but never sent to the provider's API.
    public static let protectAttribute = "protect"

    /// An update of `protect` alone: the state records it, and nothing is sent to the provider.
    public var isStateOnly: Bool {
        action == .update && !attributes.isEmpty && attributes.allSatisfy { $0.name == Self.protectAttribute }
    }
}
