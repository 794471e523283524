import Reconciler

/// A provider with no API at all, for testing the engine once for every provider: buckets, and
/// objects that live in a bucket (an object names its bucket's live id, as a Canvas workflow names
/// its applications). An object is published after it changes when its manifest asks for it. A
/// bucket's `region` cannot change in place. Scopes are "regions"; the default one has no name.
struct InMemoryProvider: PlanningProvider {
    typealias ID = String
    typealias Scope = World.Region
    typealias Record = Recorded
    /// A manifest line, as `set.yaml:3`.
    typealias Location = String

    /// A resource the manifests declare.
    struct Declared: Sendable {
        var kind: String
        var key: String
        var scope: String? = nil
        var name: String
        var size: Int = 1
        /// For an object: its bucket's key.
        var bucket: String? = nil
        var pinned: String? = nil
        var protect = false
        var publish = false
        var line: Int = 1

        var address: ResourceAddress { ResourceAddress(kind: kind, key: key) }
    }

    /// What the state records of a resource.
    struct Recorded: Sendable, Hashable {
        var kind: String
        var address: String
        var id: String
        var scope: String? = nil
        /// The attributes last applied (`name`, `size`, `bucket`).
        var attributes: [String: AttributeValue] = [:]
        var protect = false
        var published: Bool? = nil
    }

    static let bucket = ResourceKind(name: "bucket", isReferenced: true)
    static let object = ResourceKind(name: "object", followUp: "publish")

    var declared: [Declared]

    var vocabulary: ProviderVocabulary { ProviderVocabulary(provider: "memory", providerName: "Memory", scopeNoun: "region", defaultScopeGroup: "home region") }
    var kinds: [ResourceKind] { [Self.bucket, Self.object] }

    private func declared(_ kind: ResourceKind) -> [Declared] { declared.filter { $0.kind == kind.name } }

    func desiredCount(of kind: ResourceKind) -> Int { declared(kind).count }

    func identity(of kind: ResourceKind, at index: Int) -> DesiredIdentity<String> {
        let resource = declared(kind)[index]
        return DesiredIdentity(
            address: resource.address, scope: resource.scope, pinned: resource.pinned.map { (.init($0), "set.yaml:\(resource.line)") },
            name: .init(resource.name), location: "set.yaml:\(resource.line)", isProtected: resource.protect, wantsFollowUp: resource.publish
        )
    }

    func plan(_ kind: ResourceKind, at index: Int, input: ResourceInput<Self>, context: PlanningContext<String>) -> ResourcePlan {
        let resource = declared(kind)[index]
        var wanted: [String: AttributeValue] = ["name": .string(resource.name), "size": .number(Double(resource.size))]
        if let bucket = resource.bucket { wanted["bucket"] = .string("bucket.\(bucket)") }
        if resource.protect || input.recordedProtect { wanted[Change.protectAttribute] = .bool(resource.protect) }
        let live = input.match.flatMap { input.scope?.resources[$0] }
        let current = live.map { live -> Resource in
            var fields: [String: AttributeValue] = ["name": .string(live.name), "size": .number(Double(live.size))]
            if let bucket = live.bucket { fields["bucket"] = .string(context.managedAddress(of: bucket)?.text ?? bucket) }
            if wanted[Change.protectAttribute] != nil { fields[Change.protectAttribute] = .bool(input.recordedProtect) }
            return Resource(address: input.address, id: input.match, attributes: fields)
        }
        var dependencies = Set(resource.bucket.map { [ResourceAddress(kind: "bucket", key: $0)] } ?? [])
        if let bucket = live?.bucket, let used = context.managedAddress(of: bucket)?.address, !context.isDeclared(used) {
            dependencies.insert(used)
        }
        let desired = Resource(address: input.address, attributes: wanted, dependencies: dependencies, protected: resource.protect)
        guard var change = ResourceDiff.change(desired: desired, current: current, immutable: kind == Self.bucket ? ["size"] : []) else {
            return ResourcePlan(changes: [])
        }
        let lastApplied = input.record.flatMap { record in input.match == nil || input.recordIsOwn ? record.attributes : nil }
        change = DriftCheck.mark(change, current: current, lastApplied: lastApplied, provider: vocabulary.providerName)
        change.displayName = .string(live?.name ?? resource.name)
        return ResourcePlan(changes: [change], displayName: change.displayName)
    }

    func name(of scope: World.Region) -> String? { nil }

    func id(_ text: String) -> String? { text.isEmpty ? nil : text }

    func exists(_ id: String, kind: ResourceKind, in scope: World.Region) -> Bool { scope.resources[id]?.kind == kind.name }

    func ids(named name: String, kind: ResourceKind, in scope: World.Region) -> [String] {
        scope.resources.filter { $0.value.kind == kind.name && $0.value.name == name }.keys.sorted()
    }

    func forEachLiveResource(in scope: World.Region, _ body: (String, String, String) -> Void) {
        for (id, resource) in scope.resources.sorted(by: { $0.key < $1.key }) { body(resource.kind, id, resource.name) }
    }

    func deletion(of address: ResourceAddress, id: String, record: Recorded, in scope: World.Region, context: PlanningContext<String>) -> [Change]? {
        guard let live = scope.resources[id] else { return nil }
        let uses = live.bucket.flatMap { context.managedAddress(of: $0)?.address }.map { Set([$0]) } ?? []
        return [Change(address: address, action: .delete, id: id, attributes: [.init(name: "name", before: .string(live.name), after: nil)], dependencies: uses)]
    }

    func recordKey(of address: ResourceAddress) -> String { address.description }
    func recordedAddress(_ record: Recorded) -> ResourceAddress? { ResourceAddress(record.address) }
    func recordedKind(_ record: Recorded) -> String { record.kind }
    func recordedID(_ record: Recorded) -> String? { record.id }
    func recordedScope(_ record: Recorded) -> String? { record.scope }
    func recordIsProtected(_ record: Recorded) -> Bool { record.protect }
    func followUpIsPending(_ record: Recorded) -> Bool { record.published == false }
}
