/// What an apply would do: the changes, in address order, and the live resources nobody manages.
///
/// A plan is a value: printed (``PlanRenderer``), saved and applied later, compared in tests. It
/// holds no secret: sensitive attribute values are fingerprints (``AttributeValue/sensitive(fingerprint:)``).
public struct Plan: Sendable, Hashable, Codable {
    /// An unmanaged live resource: neither the state nor the manifests know it, so it is never touched.
    public struct Unmanaged: Sendable, Hashable, Codable {
        public var kind: String
        public var id: String
        public var name: String
        /// The scope it lives in (for Canvas, an account); nil for the default scope.
        public var scope: String?

        public init(kind: String, id: String, name: String, scope: String? = nil) {
            self.kind = kind
            self.id = id
            self.name = name
            self.scope = scope
        }

        private enum CodingKeys: String, CodingKey {
            case kind, id, name, scope
            /// What a plan saved before scopes had a neutral name called it.
            case account
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            kind = try container.decode(String.self, forKey: .kind)
            id = try container.decode(String.self, forKey: .id)
            name = try container.decode(String.self, forKey: .name)
            scope = try container.decodeIfPresent(String.self, forKey: .scope) ?? container.decodeIfPresent(String.self, forKey: .account)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(kind, forKey: .kind)
            try container.encode(id, forKey: .id)
            try container.encode(name, forKey: .name)
            try container.encodeIfPresent(scope, forKey: .scope)
        }
    }

    /// A resource the state still records that exists no more (deleted outside canvasctl) and that
    /// the manifests no longer name: nothing is left to delete, and apply removes the record, so
    /// that the state does not carry it forever. Nothing is sent for it.
    public struct Forgotten: Sendable, Hashable, Codable {
        public var address: ResourceAddress
        /// The id the state recorded.
        public var id: String
        /// Where it was, as the changes' groups say it (such as `account <id>`).
        public var group: String?

        public init(address: ResourceAddress, id: String, group: String? = nil) {
            self.address = address
            self.id = id
            self.group = group
        }
    }

    /// Counts for the closing line and the JSON summary.
    public struct Summary: Sendable, Hashable, Codable {
        /// Resources created; operations (``Change/target``) are counted in ``operations`` instead.
        public var create = 0
        public var update = 0
        public var replace = 0
        public var delete = 0
        public var unchanged = 0
        public var unmanaged = 0
        /// Changes that undo something done by hand since the last apply (``Change/drift``).
        public var drift = 0
        /// State records of resources gone from the provider and from the manifests; not a change
        /// to the provider, so not counted by ``hasChanges``.
        public var forget = 0
        /// Operations carried out on resources (``Change/target``), by kind: `["deploy": 1]`.
        public var operations: [String: Int] = [:]

        public var hasChanges: Bool { create + update + replace + delete > 0 || operations.values.contains { $0 > 0 } }

        /// The operations as the closing lines name them, by kind in order: `1 deploy`, `2 deploys`;
        /// nil when there are none.
        public static func phrase(operations: [String: Int]) -> String? {
            let counted = operations.filter { $0.value > 0 }.sorted { $0.key < $1.key }
            guard !counted.isEmpty else { return nil }
            return counted.map { "\($0.value) \($0.key)\($0.value == 1 ? "" : "s")" }.joined(separator: ", ")
        }
    }

    public var changes: [Change]
    public var unmanaged: [Unmanaged]
    public var forgotten: [Forgotten]
    /// How the plan speaks of its provider and scopes (for Canvas: accounts).
    public var vocabulary: ProviderVocabulary
    /// The resources a partial plan was narrowed to (`--target`, ``PlanTargeting``); empty for a
    /// plan of the whole set.
    public var targets: [ResourceAddress] = []
    /// How many changes (and forgotten records) of the whole set a partial plan leaves out.
    public var omittedChanges = 0

    /// Whether the plan holds only some of the set's changes.
    public var isPartial: Bool { !targets.isEmpty }

    public init(changes: [Change], unmanaged: [Unmanaged] = [], forgotten: [Forgotten] = [], vocabulary: ProviderVocabulary = .neutral) {
        self.init(parts: [changes], unmanaged: unmanaged, forgotten: forgotten, vocabulary: vocabulary)
    }

    /// A plan of the changes of all `parts` (as a provider planning in parallel has them), put in
    /// order of address.
    public init(parts: [[Change]], unmanaged: [Unmanaged] = [], forgotten: [Forgotten] = [], vocabulary: ProviderVocabulary = .neutral) {
        self.vocabulary = vocabulary
        // Sorted by position, then copied once: a change is a large value, and a plan can hold 20,000.
        var order: [(part: Int, index: Int)] = []
        order.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for (part, changes) in parts.enumerated() {
            for index in changes.indices { order.append((part, index)) }
        }
        order.sort { parts[$0.part][$0.index].address < parts[$1.part][$1.index].address }
        self.changes = order.map { parts[$0.part][$0.index] }
        self.unmanaged = unmanaged.sorted { ($0.kind, $0.name, $0.id) < ($1.kind, $1.name, $1.id) }
        self.forgotten = forgotten.sorted { $0.address < $1.address }
    }

    private enum CodingKeys: String, CodingKey {
        case changes, unmanaged, forgotten, vocabulary, targets, omittedChanges
    }

    // A plan saved before `forgotten` existed reads as forgetting nothing; one saved before
    // `vocabulary`, in neutral words.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        changes = try container.decode([Change].self, forKey: .changes)
        unmanaged = try container.decode([Unmanaged].self, forKey: .unmanaged)
        forgotten = try container.decodeIfPresent([Forgotten].self, forKey: .forgotten) ?? []
        vocabulary = try container.decodeIfPresent(ProviderVocabulary.self, forKey: .vocabulary) ?? .neutral
        targets = try container.decodeIfPresent([ResourceAddress].self, forKey: .targets) ?? []
        omittedChanges = try container.decodeIfPresent(Int.self, forKey: .omittedChanges) ?? 0
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(changes, forKey: .changes)
        try container.encode(unmanaged, forKey: .unmanaged)
        try container.encode(forgotten, forKey: .forgotten)
        try container.encode(vocabulary, forKey: .vocabulary)
        if !targets.isEmpty {
            try container.encode(targets, forKey: .targets)
            try container.encode(omittedChanges, forKey: .omittedChanges)
        }
    }

    public var summary: Summary {
        var summary = Summary()
        for change in changes {
            if change.target != nil, change.action != .noop {
                summary.operations[change.address.kind, default: 0] += 1
                continue
            }
            switch change.action {
            case .create: summary.create += 1
            case .update: summary.update += 1
            case .replace: summary.replace += 1
            case .delete: summary.delete += 1
            case .noop: summary.unchanged += 1
            }
        }
        summary.unmanaged = unmanaged.count
        summary.forget = forgotten.count
        summary.drift = changes.count { $0.drift != nil && $0.action != .noop }
        return summary
    }
}
