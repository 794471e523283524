import Reconciler
import Synchronization
import Testing

/// The engine's behaviour, tested once for every provider through ``InMemoryProvider``: matching,
/// leftovers, unmanaged resources, protect, drift, follow-ups, groups, and applies that fail or
/// stop half-way.
struct PlanningEngineTests {
    typealias Declared = InMemoryProvider.Declared

    static let estate = [
        Declared(kind: "bucket", key: "logs", name: "Logs", size: 2, line: 1),
        Declared(kind: "object", key: "today", name: "Today", bucket: "logs", publish: true, line: 5),
        Declared(kind: "object", key: "notes", name: "Notes", bucket: "logs", line: 9),
    ]

    static func lines(_ plan: Plan) -> [String] {
        plan.changes.map { "\($0.action) \($0.address)" + ($0.reason.map { " (\($0))" } ?? "") }
    }

    @Test("an empty world: everything is created, each object after its bucket, the publish after its object")
    func creates() async throws {
        let world = World()
        let plan = try world.plan(Self.estate)
        #expect(Self.lines(plan) == [
            "create bucket.logs", "create object.notes", "create object.today", "create publish.today (object.today is new)",
        ])
        #expect(plan.summary.create == 3 && plan.summary.operations == ["publish": 1])
        #expect(Set(plan.changes.map(\.group)) == ["home region"])
        let report = try await world.apply(plan, Self.estate)
        #expect(report.isSuccess)
        #expect(world.calls == ["create bucket.logs", "create object.notes", "create object.today", "publish id-3"])
        #expect(world.records["object.today"]?.published == true)
        #expect(try world.plan(Self.estate).summary.hasChanges == false, "the next plan has nothing to do")
    }

    @Test("adoption: the state's record first, else the one live resource with the name; a pinned id wins")
    func adoption() throws {
        let world = World()
        let bucket = world.add(.init(kind: "bucket", name: "Logs", size: 2))
        let today = world.add(.init(kind: "object", name: "Today", bucket: bucket))
        let other = world.add(.init(kind: "object", name: "Elsewhere", bucket: bucket))
        var declared = Self.estate
        declared[2].pinned = other
        let plan = try world.plan(declared)
        #expect(Self.lines(plan) == [
            "noop bucket.logs", "update object.notes", "noop object.today",
        ])
        #expect(plan.changes.first { $0.address.key == "notes" }?.id == other)
        #expect(plan.changes.first { $0.address.key == "today" }?.id == today)
        #expect(plan.unmanaged.isEmpty)
    }

    @Test("several live resources with the name, or a pinned id that does not exist, are problems at the manifest's line")
    func ambiguity() throws {
        let world = World()
        world.add(.init(kind: "bucket", name: "Logs"))
        world.add(.init(kind: "bucket", name: "Logs"))
        var declared = Self.estate
        declared[1].pinned = "id-99"
        #expect {
            try world.plan(declared)
        } throws: { error in
            let problems = (error as! PlanningProblems<String>).problems
            return problems.map { "\($0.location ?? "state"): \($0.message)" } == [
                "set.yaml:1: 2 live buckets are named 'Logs' (ids id-1, id-2); pin the one bucket.logs stands for with id:",
                "set.yaml:5: object.today is pinned to id id-99, which does not exist in its region",
            ]
        }
    }

    @Test("live resources neither declared nor recorded are listed as unmanaged, with their region, and never touched")
    func unmanaged() throws {
        let world = World()
        world.add(.init(kind: "bucket", name: "Archive"), in: "north")
        world.add(.init(kind: "object", name: "Loose"))
        let plan = try world.plan([])
        #expect(plan.changes.isEmpty)
        #expect(plan.unmanaged == [
            Plan.Unmanaged(kind: "bucket", id: "id-1", name: "Archive", scope: "north"),
            Plan.Unmanaged(kind: "object", id: "id-2", name: "Loose", scope: nil),
        ])
    }

    @Test("a record no longer declared is deleted, dependents first; one whose resource is gone is forgotten; one in a region not read stays")
    func leftovers() async throws {
        let world = World()
        try await #require(world.apply(world.plan(Self.estate), Self.estate).isSuccess)
        world.contents.withLock { contents in
            contents.regions[nil]?.resources["id-2"] = nil
            contents.records["bucket.far"] = .init(kind: "bucket", address: "bucket.far", id: "id-77", scope: "south")
        }
        let plan = try world.plan([])
        #expect(Self.lines(plan) == [
            "delete bucket.logs (no longer in the manifests)", "delete object.today (no longer in the manifests)",
        ])
        #expect(plan.forgotten == [Plan.Forgotten(address: ResourceAddress(kind: "object", key: "notes"), id: "id-2", group: "home region")])
        let graph = try PlanGraph(changes: plan.changes)
        #expect(graph.order.map(\.description) == ["object.today (delete)", "bucket.logs (delete)"])
    }

    @Test("protect: a replace of a protected resource, or the deletion of one recorded protected, is refused")
    func protect() async throws {
        let world = World()
        var declared = Self.estate
        declared[0].protect = true
        try await #require(world.apply(world.plan(declared), declared).isSuccess)
        var resized = declared
        resized[0].size = 3
        #expect {
            try world.plan(resized)
        } throws: { error in
            (error as! PlanningProblems<String>).problems.map(\.message) == [
                "bucket.logs is protected (protect: true) but this plan would replace it (size cannot change in place); remove protect first if that is meant",
            ]
        }
        #expect {
            try world.plan([])
        } throws: { error in
            (error as! PlanningProblems<String>).problems.map { "\($0.location ?? "state"): \($0.message)" } == [
                "state: bucket.logs is protected (protect: true when it was last applied) but is no longer in the manifests; "
                    + "put it back, or apply it with protect: false first",
            ]
        }
        var unprotected = declared
        unprotected[0].protect = false
        let plan = try world.plan(unprotected)
        #expect(Self.lines(plan) == ["update bucket.logs", "noop object.notes", "noop object.today"])
        #expect(plan.changes[0].isStateOnly, "only protect changes: nothing is sent")
    }

    @Test("a change made by hand since the last apply is drift; a manifest edit is not")
    func drift() async throws {
        let world = World()
        try await #require(world.apply(world.plan(Self.estate), Self.estate).isSuccess)
        world.contents.withLock { $0.regions[nil]?.resources["id-3"]?.name = "Renamed by hand" }
        var edited = Self.estate
        edited[2].name = "Notes, edited"
        let plan = try world.plan(edited)
        let today = try #require(plan.changes.first { $0.address.description == "object.today" })
        let notes = try #require(plan.changes.first { $0.address.description == "object.notes" })
        #expect(today.drift == "changed in Memory since the last apply")
        #expect(today.attributes.map(\.drifted) == [true])
        #expect(notes.drift == nil)
        #expect(plan.summary.drift == 1)
        world.contents.withLock { $0.regions[nil]?.resources["id-3"] = nil }
        let recreated = try world.plan(Self.estate)
        #expect(recreated.changes.first { $0.address.description == "object.today" }?.drift == "deleted in Memory since the last apply")
    }

    @Test("a publish that did not happen is planned again, and a change of protect alone publishes nothing")
    func followUps() async throws {
        let world = World()
        world.contents.withLock { $0.failing = ["publish.today"] }
        let first = try await world.apply(world.plan(Self.estate), Self.estate)
        #expect(first.failed.keys.map(\.description) == ["publish.today"])
        world.contents.withLock { $0.failing = [] }
        #expect(Self.lines(try world.plan(Self.estate)) == [
            "noop bucket.logs", "noop object.notes", "noop object.today",
            "create publish.today (the publish after the last change of object.today did not happen)",
        ])
        try await #require(world.apply(world.plan(Self.estate), Self.estate).isSuccess)
        var protected = Self.estate
        protected[1].protect = true
        #expect(Self.lines(try world.plan(protected)) == ["noop bucket.logs", "noop object.notes", "update object.today"])
    }

    @Test("a failed step stops only what waits for it")
    func failure() async throws {
        let world = World()
        let declared = Self.estate + [
            Declared(kind: "bucket", key: "media", name: "Media", line: 13),
            Declared(kind: "object", key: "cover", name: "Cover", bucket: "media", line: 17),
        ]
        world.contents.withLock { $0.failing = ["bucket.logs"] }
        let report = try await world.apply(world.plan(declared), declared)
        #expect(report.failed.keys.map(\.description) == ["bucket.logs"])
        #expect(Set(report.skipped.keys.map(\.description)) == ["object.today", "object.notes", "publish.today"])
        #expect(Set(report.succeeded.map(\.description)) == ["bucket.media", "object.cover"])
        #expect(Set(world.records.keys) == ["bucket.media", "object.cover"])
    }

    @Test("a replace stopped between its halves leaves the old instance recorded; the next plan deletes it, and then all is done")
    func replaceResumed() async throws {
        let world = World()
        try await #require(world.apply(world.plan(Self.estate), Self.estate).isSuccess)
        var resized = Self.estate
        resized[0].size = 5
        let plan = try world.plan(resized)
        #expect(Self.lines(plan) == [
            "replace bucket.logs (size cannot change in place)", "update object.notes", "update object.today",
            "create publish.today (object.today changes)",
        ])
        // A crash once the new bucket exists and the objects moved to it, before the old one goes.
        world.contents.withLock { $0.failing = ["bucket.logs (delete)"] }
        let stopped = try await world.apply(plan, resized)
        #expect(stopped.failed.keys.map(\.description) == ["bucket.logs (delete)"])
        #expect(world.records["bucket.logs~id-1"]?.id == "id-1", "the old instance is kept recorded under its own address")
        world.contents.withLock { $0.failing = [] }
        let resumed = try world.plan(resized)
        #expect(Self.lines(resumed) == [
            "noop bucket.logs", "delete bucket.logs~id-1 (left by the replace of bucket.logs: its deletion did not happen)",
            "noop object.notes", "noop object.today",
        ])
        try await #require(world.apply(resumed, resized).isSuccess)
        #expect(world.regions[nil]?.resources["id-1"] == nil)
        #expect(world.records["bucket.logs~id-1"] == nil)
        #expect(try world.plan(resized).summary.hasChanges == false)
    }

    @Test("changes are grouped by the region they are in, named in the provider's words")
    func groups() throws {
        let world = World()
        world.contents.withLock { $0.regions["north"] = World.Region() }
        let declared = [
            Declared(kind: "bucket", key: "home", name: "Home"),
            Declared(kind: "bucket", key: "away", scope: "north", name: "Away"),
        ]
        let plan = try world.plan(declared)
        #expect(plan.changes.map { "\($0.address) \($0.group ?? "-")" } == ["bucket.away region north", "bucket.home home region"])
    }
}
