/// Plans for any provider: finds each manifest resource's live counterpart, has the provider
/// describe its changes, and adds what every provider shares — leftover records deleted or
/// forgotten, unmanaged resources listed, `protect` enforced, follow-up operations, changes
/// grouped by scope.
///
/// Pure: it takes the manifests' resources (through the provider), the live resources of every
/// scope read and the state's records as values, and returns a ``Plan`` or every problem found.
///
/// Matching, in order: a pinned id (which must exist in the resource's scope), else the id the
/// state records under the resource's address (when it still exists), else the one live resource
/// of its kind with its name; several with the name are a problem that lists their ids. A live
/// resource matched by one manifest resource is claimed: no other, and no leftover record, can
/// stand for it.
///
/// Its functions are `@inlinable`, so that each provider's module compiles them for its own
/// types, rather than run as generic code that looks up the types' metadata on every call.
public struct PlanningEngine<Provider: PlanningProvider>: Sendable {
    public let provider: Provider

    @inlinable
    public init(_ provider: Provider) {
        self.provider = provider
    }

    /// The plan that brings the scopes read (`scopes`, by scope; nil is the default scope) to
    /// what the manifests declare, given the state's `records` by key (``PlanningProvider/recordKey(of:)``;
    /// other providers' records among them are left alone).
    @inlinable
    public func plan(
        scopes: [String?: Provider.Scope], records: [String: Provider.Record]
    ) throws(PlanningProblems<Provider.Location>) -> Plan {
        let vocabulary = provider.vocabulary
        // Labelled by the scope read, not by how the manifest wrote it (the default scope may be
        // a named one): one scope, one group, and one bound on the requests in flight to it when
        // applying (``ApplyExecutor/groupLimit``).
        let groups = Dictionary(uniqueKeysWithValues: scopes.map { ($0.key, vocabulary.group(of: provider.name(of: $0.value) ?? $0.key)) })
        let kinds = provider.kinds
        let desiredTotal = kinds.reduce(0) { $0 + provider.desiredCount(of: $1) }
        var claimed = Set<Provider.ID>(minimumCapacity: records.count + desiredTotal)
        var problems: [PlanningProblem<Provider.Location>] = []
        var context = PlanningContext<Provider.ID>(addresses: [:], declared: [])
        for kind in kinds where kind.isReferenced {
            for record in records.values where provider.recordedKind(record) == kind.name {
                if let id = provider.recordedID(record), let address = provider.recordedAddress(record) {
                    context.addresses[id] = ManagedAddress(address)
                }
            }
        }

        // Kind by kind (a referenced kind before the kinds that refer to it); the resources of one
        // kind each on their own, in parallel. Each chunk's changes stay in its array until the
        // plan puts them in order: a change is a large value, and 20,000 of them copied cost more
        // than planning a thousand resources.
        var parts: [[Change]] = []
        var matchingRecords = 0
        for kind in kinds {
            let count = provider.desiredCount(of: kind)
            let current = context
            let chunks = ConcurrentChunks.map(count: count) { range in
                var chunk = Chunk()
                chunk.changes.reserveCapacity(range.count * 2)
                for index in range {
                    planResource(kind, at: index, scopes: scopes, records: records, groups: groups, context: current, into: &chunk)
                }
                return [chunk]
            }
            for chunk in chunks {
                claimed.formUnion(chunk.matches)
                problems += chunk.problems
                matchingRecords += chunk.matchingRecords
                parts.append(chunk.changes)
                for reference in chunk.references {
                    context.addresses[reference.id] = reference.address
                }
            }
            if kind.isReferenced {
                for index in 0..<count { context.declared.insert(provider.identity(of: kind, at: index).address) }
            }
        }

        // Records no manifest resource stands for: deleted, or forgotten when their resource is
        // gone already (their scope was read, and it is not there).
        var leftovers: [Change] = []
        var forgotten: [Plan.Forgotten] = []
        if matchingRecords < records.count {
            var left: [String] = []
            for (key, record) in records where provider.recordedID(record).map({ !claimed.contains($0) }) ?? true {
                left.append(key)
            }
            if !left.isEmpty {
                var declared = Set<String>(minimumCapacity: desiredTotal)
                for kind in kinds {
                    for index in 0..<provider.desiredCount(of: kind) { declared.insert(provider.recordKey(of: provider.identity(of: kind, at: index).address)) }
                }
                left = left.filter { !declared.contains($0) }
            }
            let kindNames = Set(kinds.map(\.name))
            for key in left.sorted() {
                let record = records[key]!
                guard let address = provider.recordedAddress(record), kindNames.contains(address.kind),
                      let id = provider.recordedID(record) else { continue }
                // A manifest resource under another key took it over (its key was renamed, and it
                // was adopted by name or pinned id): it stays.
                if claimed.contains(id) { continue }
                let recordedScope = provider.recordedScope(record)
                guard let scope = scopes[recordedScope] ?? nil else { continue }
                claimed.insert(id)
                let group = groups[recordedScope] ?? vocabulary.group(of: recordedScope)
                guard var changes = provider.deletion(of: address, id: id, record: record, in: scope, context: context) else {
                    forgotten.append(Plan.Forgotten(address: address, id: id.description, group: group))
                    continue
                }
                if provider.recordIsProtected(record) {
                    problems.append(PlanningProblem(
                        "\(address) is protected (protect: true when it was last applied) but is no longer in the manifests; "
                            + "put it back, or apply it with protect: false first",
                        at: nil
                    ))
                }
                let reason = address.replaced.map { "left by the replace of \($0): its deletion did not happen" } ?? "no longer in the manifests"
                for index in changes.indices {
                    changes[index].group = group
                    if changes[index].address == address { changes[index].reason = reason }
                }
                leftovers += changes
            }
        }

        guard problems.isEmpty else { throw PlanningProblems(problems) }

        var unmanaged: [Plan.Unmanaged] = []
        for (scopeName, scope) in scopes {
            provider.forEachLiveResource(in: scope) { kind, id, name in
                if !claimed.contains(id) { unmanaged.append(Plan.Unmanaged(kind: kind, id: id.description, name: name, scope: scopeName)) }
            }
        }
        return Plan(parts: [leftovers] + parts, unmanaged: unmanaged, forgotten: forgotten, vocabulary: vocabulary)
    }

    /// What planning a run of manifest resources of one kind gives, in the manifests' order.
    @usableFromInline
    struct Chunk: Sendable {
        @usableFromInline var matches: [Provider.ID] = []
        /// How many of the matches are the resource the state records under the same address.
        @usableFromInline var matchingRecords = 0
        @usableFromInline var changes: [Change] = []
        @usableFromInline var problems: [PlanningProblem<Provider.Location>] = []
        /// For a referenced kind: the managed address of each match from now on (nil for one
        /// being replaced: what refers to it moves to the new instance).
        @usableFromInline var references: [(id: Provider.ID, address: ManagedAddress?)] = []

        @inlinable
        init() {}
    }

    @inlinable
    func planResource(
        _ kind: ResourceKind, at index: Int, scopes: [String?: Provider.Scope], records: [String: Provider.Record],
        groups: [String?: String], context: PlanningContext<Provider.ID>, into chunk: inout Chunk
    ) {
        let identity = provider.identity(of: kind, at: index)
        let address = identity.address
        let scope = scopes[identity.scope] ?? nil
        let record = records[provider.recordKey(of: address)]
        let recordedID = record.flatMap(provider.recordedID)
        let match = identify(identity, kind: kind, scope: scope, recordedID: recordedID, problems: &chunk.problems)
        let recordIsOwn = match != nil && recordedID == match
        if let match {
            chunk.matches.append(match)
            if recordIsOwn { chunk.matchingRecords += 1 }
        }
        let input = ResourceInput<Provider>(
            address: address, scope: scope, record: record, match: match, recordIsOwn: recordIsOwn,
            recordedProtect: recordIsOwn && provider.recordIsProtected(record!)
        )
        let first = chunk.changes.count
        let planned = provider.plan(kind, at: index, input: input, context: context)
        chunk.changes += planned.changes
        let own = planned.changes.first { $0.address == address }

        if identity.isProtected, let own, own.action == .replace {
            chunk.problems.append(PlanningProblem(
                "\(address) is protected (protect: true) but this plan would replace it (\(own.reason ?? "")); remove protect first if that is meant",
                at: identity.location
            ))
        }
        if kind.isReferenced, let match {
            chunk.references.append((match, own?.action == .replace ? nil : ManagedAddress(address)))
        }
        if let followUp = kind.followUp, identity.wantsFollowUp,
           let reason = followUpReason(followUp, own: own, address: address, pending: recordIsOwn && provider.followUpIsPending(record!)) {
            chunk.changes.append(Change(
                address: ResourceAddress(kind: followUp, key: address.key), action: .create,
                attributes: [.init(name: kind.name, before: nil, after: .string(address.description))],
                dependencies: [address], reason: reason, displayName: planned.displayName, target: address
            ))
        }
        let group = groups[identity.scope] ?? provider.vocabulary.group(of: identity.scope)
        for change in first..<chunk.changes.count { chunk.changes[change].group = group }
    }

    /// Why a follow-up operation is planned after `own`, the change of its resource: nil when none is.
    @inlinable
    func followUpReason(_ followUp: String, own: Change?, address: ResourceAddress, pending: Bool) -> String? {
        switch own?.action {
        case .create?: "\(address) is new"
        case .update? where !own!.isStateOnly: "\(address) changes"
        case .replace?: "\(address) is replaced"
        case .update?, .delete?, .noop?, nil: pending ? "the \(followUp) after the last change of \(address) did not happen" : nil
        }
    }

    /// The live id a manifest resource stands for (see the type's documentation), or nil with a
    /// problem when a pin or a name cannot tell it.
    @inlinable
    func identify(
        _ identity: DesiredIdentity<Provider.Location>, kind: ResourceKind, scope: Provider.Scope?, recordedID: Provider.ID?,
        problems: inout [PlanningProblem<Provider.Location>]
    ) -> Provider.ID? {
        if let pinned = identity.pinned {
            guard let id = provider.id(pinned.id.value), let scope, provider.exists(id, kind: kind, in: scope) else {
                problems.append(PlanningProblem(
                    "\(identity.address) is pinned to id \(pinned.id.shown), which does not exist in its \(provider.vocabulary.scopeNoun)",
                    at: pinned.location
                ))
                return nil
            }
            return id
        }
        guard let scope else { return nil }
        if let recordedID, provider.exists(recordedID, kind: kind, in: scope) {
            return recordedID
        }
        // Looked up only here: most resources are found by their record.
        let matches = provider.ids(named: identity.name.value, kind: kind, in: scope)
        if matches.count > 1 {
            problems.append(PlanningProblem(
                "\(matches.count) live \(kind.name)s are named \(identity.name.quoted) (ids \(matches.map(\.description).sorted().joined(separator: ", "))); "
                    + "pin the one \(identity.address) stands for with id:",
                at: identity.location
            ))
            return nil
        }
        return matches.first
    }
}
