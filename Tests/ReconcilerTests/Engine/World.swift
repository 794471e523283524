import Reconciler
import Synchronization

/// The live side of ``InMemoryProvider``: regions of buckets and objects, changed by applying a
/// plan's steps as a provider's API would, with the state's records beside it. Ids are
/// `id-1`, `id-2`… in the order of creation, so tests can name them.
final class World: Sendable {
    struct Resource: Sendable, Hashable {
        var kind: String
        var name: String
        var size: Int = 1
        /// For an object: its bucket's live id.
        var bucket: String? = nil
    }

    struct Region: Sendable {
        var resources: [String: Resource] = [:]
    }

    struct Contents: Sendable {
        var regions: [String?: Region] = [nil: Region()]
        var records: [String: InMemoryProvider.Recorded] = [:]
        var nextID = 1
        /// Every call made, in order: `create object.a`, `delete id-3`, `publish id-4`.
        var calls: [String] = []
        /// Steps that fail, by their description.
        var failing: Set<String> = []
        /// What the manifests of the apply under way declare.
        var declared: [ResourceAddress: InMemoryProvider.Declared] = [:]
    }

    let contents: Mutex<Contents>

    init(_ contents: Contents = Contents()) {
        self.contents = Mutex(contents)
    }

    var records: [String: InMemoryProvider.Recorded] { contents.withLock { $0.records } }
    var regions: [String?: Region] { contents.withLock { $0.regions } }
    var calls: [String] { contents.withLock { $0.calls } }

    /// Adds a live resource nobody manages yet, and answers its id.
    @discardableResult
    func add(_ resource: Resource, in region: String? = nil) -> String {
        contents.withLock { contents in
            let id = "id-\(contents.nextID)"
            contents.nextID += 1
            contents.regions[region, default: Region()].resources[id] = resource
            return id
        }
    }

    func plan(_ declared: [InMemoryProvider.Declared]) throws(PlanningProblems<String>) -> Plan {
        let (regions, records) = contents.withLock { ($0.regions, $0.records) }
        return try PlanningEngine(InMemoryProvider(declared: declared)).plan(scopes: regions, records: records)
    }

    struct Injected: Error, CustomStringConvertible {
        var description: String
    }

    /// Applies `plan` as an apply does: each step through the executor and the engine, which
    /// records the state as ``StepBookkeeping`` says.
    func apply(_ plan: Plan, _ declared: [InMemoryProvider.Declared], stopAfter: Int? = nil) async throws -> ApplyExecutor.Report {
        let graph = try PlanGraph(changes: plan.changes)
        contents.withLock { $0.declared = Dictionary(uniqueKeysWithValues: declared.map { ($0.address, $0) }) }
        let started = Mutex(0)
        let engine = ApplyEngine(
            self, record: { record in self.contents.withLock { $0.records[record.address] = record } },
            remove: { key in self.contents.withLock { $0.records[key] = nil } }
        )
        return await ApplyExecutor(parallelism: 1).run(graph, stopRequested: {
            stopAfter.map { limit in started.withLock { $0 >= limit } } ?? false
        }, perform: { step, change in
            started.withLock { $0 += 1 }
            try await engine.perform(step, change)
        })
    }
}

extension World: ApplyingProvider {
    /// Makes the calls a step stands for on the world's regions, and answers the record it leaves.
    func perform(_ step: PlanGraph.Step, _ change: Change) async throws -> [InMemoryProvider.Recorded] {
        try contents.withLock { (contents) throws -> [InMemoryProvider.Recorded] in
            if contents.failing.contains(step.description) {
                contents.calls.append("fail \(step)")
                throw Injected(description: "injected failure of \(step)")
            }
            let region = contents.declared[change.address].map(\.scope) ?? contents.records[change.address.description]?.scope
            switch (step.phase, change.target) {
            case (.apply, let target?):
                guard var record = contents.records[target.description] else { throw Injected(description: "\(target) has no id") }
                contents.calls.append("publish \(record.id)")
                record.published = true
                return [record]
            case (.apply, nil):
                let resource = contents.declared[change.address]!
                let bucketID = resource.bucket.flatMap { contents.records["bucket.\($0)"]?.id }
                let live = Resource(kind: resource.kind, name: resource.name, size: resource.size, bucket: bucketID)
                let id: String
                if change.action == .update, let existing = change.id {
                    id = existing
                    if !change.isStateOnly { contents.calls.append("update \(change.address)") }
                } else {
                    id = "id-\(contents.nextID)"
                    contents.nextID += 1
                    contents.calls.append("create \(change.address)")
                }
                contents.regions[region, default: Region()].resources[id] = live
                var attributes: [String: AttributeValue] = ["name": .string(resource.name), "size": .number(Double(resource.size))]
                if let bucket = resource.bucket { attributes["bucket"] = .string("bucket.\(bucket)") }
                return [InMemoryProvider.Recorded(
                    kind: resource.kind, address: change.address.description, id: id, scope: region, attributes: attributes,
                    protect: resource.protect, published: resource.publish ? false : nil
                )]
            case (.destroy, _):
                guard let id = change.id else { return [] }
                contents.calls.append("delete \(id)")
                contents.regions[region]?.resources[id] = nil
                return []
            }
        }
    }

    func superseded(_ address: ResourceAddress, id: String, keptAt: ResourceAddress) -> InMemoryProvider.Recorded {
        contents.withLock { contents in
            var kept = contents.records[address.description] ?? InMemoryProvider.Recorded(kind: address.kind, address: address.description, id: id)
            kept.id = id
            kept.address = keptAt.description
            return kept
        }
    }

    func recordKey(of address: ResourceAddress) -> String { address.description }
}
