import CanvasProvider
import JSONSupport
import StateStore
import Testing

/// `state rm` and `state mv` worked out on a snapshot: what leaves, what moves, what is renamed
/// with it, and every refusal leaving the snapshot as it was.
struct StateSurgeryTests {
    static func record(_ address: String, id: String, attributes: [String: StateValue] = [:], provider: String = "canvas") -> StateRecord {
        StateRecord(
            address: address, kind: String(address.prefix { $0 != "." }), provider: provider, id: id, attributes: attributes,
            appliedAt: "2026-12-07T10:00:00Z"
        )
    }

    static let snapshot = StateSnapshot(lineage: "lineage-1", serial: 4, records: Dictionary(uniqueKeysWithValues: [
        record("application.ftp", id: "a1"),
        record("application.quinyx", id: "a2"),
        record("workflow.export", id: "w1", attributes: [
            "applications": .object(["FTP": .string("application.ftp"), "QUIN": .string("application.quinyx")]),
            "schedule": .object(["enabled": .bool(true)]),
        ]),
        record("workflow.report", id: "w2", attributes: ["applications": .object(["FTP": .string("application.ftp")])]),
        record("workflow.export~1a2b3c4d", id: "w0"),
        record("bucket.logs", id: "b1", provider: "other"),
    ].map { ($0.key, $0) }))

    static func refusal(_ body: () throws(StateSurgery.Refusal) -> Void) -> String {
        do throws(StateSurgery.Refusal) {
            try body()
            return "not refused"
        } catch {
            return error.description
        }
    }

    @Test("rm removes the records named, by address or by another provider's key, and keeps lineage, serial and the rest")
    func remove() throws {
        let edit = try StateSurgery.removing(["workflow.export", "other:bucket.logs", "workflow.export"], from: Self.snapshot)
        #expect(edit.removed.map(\.id) == ["w1", "b1"])
        #expect(edit.snapshot.records.keys.sorted() == [
            "canvas:application.ftp", "canvas:application.quinyx", "canvas:workflow.export~1a2b3c4d", "canvas:workflow.report",
        ])
        #expect(edit.snapshot.lineage == "lineage-1" && edit.snapshot.serial == 4)
        let leftover = try StateSurgery.removing(["workflow.export~1a2b3c4d"], from: Self.snapshot)
        #expect(leftover.removed.map(\.id) == ["w0"])
    }

    @Test("rm of any address the state lacks removes nothing, naming each with the likely one")
    func removeUnknown() {
        let message = Self.refusal { () throws(StateSurgery.Refusal) in
            _ = try StateSurgery.removing(["workflow.export", "workflow.exprt", "application.nothing-like-it"], from: Self.snapshot)
        }
        #expect(message == "the state records no `workflow.exprt` (did you mean `workflow.export`?) or `application.nothing-like-it`")
        let empty = Self.refusal { () throws(StateSurgery.Refusal) in _ = try StateSurgery.removing(["workflow.a"], from: StateSnapshot()) }
        #expect(empty == "the state records no `workflow.a` (it records no resources)")
    }

    @Test("a schedule is refused with its workflow's address, by rm and by mv")
    func schedule() {
        let rm = Self.refusal { () throws(StateSurgery.Refusal) in _ = try StateSurgery.removing(["schedule.export"], from: Self.snapshot) }
        #expect(rm == "`schedule.export` is the scheduler of workflow.export, which the state records with its workflow, not on its own: "
            + "`canvasctl state rm workflow.export` forgets the workflow with its schedule")
        let mv = Self.refusal { () throws(StateSurgery.Refusal) in _ = try StateSurgery.moving("schedule.export", to: "schedule.x", in: Self.snapshot) }
        #expect(mv.hasSuffix("`canvasctl state mv workflow.export workflow.NEW` moves the schedule with its workflow"), "\(mv)")
    }

    @Test("mv moves the record, attributes and all, to the new address")
    func moveWorkflow() throws {
        let edit = try StateSurgery.moving("workflow.export", to: "workflow.employee-export", in: Self.snapshot)
        #expect(edit.moved.address == "workflow.employee-export" && edit.moved.id == "w1" && edit.moved.kind == "workflow")
        #expect(edit.snapshot.records["canvas:workflow.export"] == nil)
        #expect(edit.snapshot.records["canvas:workflow.employee-export"]?.attribute("schedule") == .object(["enabled": .bool(true)]))
        #expect(edit.snapshot.records.count == Self.snapshot.records.count)
    }

    @Test("mv of an application renames it where workflow records name it, and nothing else")
    func moveApplication() throws {
        let edit = try StateSurgery.moving("application.ftp", to: "application.ftp-main", in: Self.snapshot)
        #expect(edit.snapshot.records["canvas:workflow.export"]?.attribute("applications")
            == .object(["FTP": .string("application.ftp-main"), "QUIN": .string("application.quinyx")]))
        #expect(edit.snapshot.records["canvas:workflow.report"]?.attribute("applications") == .object(["FTP": .string("application.ftp-main")]))
        #expect(edit.snapshot.records["canvas:workflow.export"]?.attribute("schedule") == .object(["enabled": .bool(true)]))
    }

    @Test("mv refuses an unknown FROM, a taken TO, another kind, a key no manifest can declare, a replace's leftover")
    func moveRefusals() {
        func mv(_ from: String, _ to: String) -> String {
            Self.refusal { () throws(StateSurgery.Refusal) in _ = try StateSurgery.moving(from, to: to, in: Self.snapshot) }
        }
        #expect(mv("workflow.exprt", "workflow.x") == "the state records no `workflow.exprt` (did you mean `workflow.export`?)")
        #expect(mv("workflow.export", "workflow.report")
            == "the state already records `workflow.report` (id w2); `canvasctl state rm workflow.report` first if that resource is to be forgotten")
        #expect(mv("workflow.export", "application.export") == "`workflow.export` is a workflow and `application.export` an application: state mv renames an address within its kind")
        #expect(mv("workflow.export", "workflow.a b").hasPrefix("`workflow.a b` is not an address a manifest can declare"))
        #expect(mv("workflow.export", "export") == "`export` is not an address: give KIND.KEY, such as workflow.new-key")
        #expect(mv("workflow.export", "workflow.export") == "`workflow.export` and `workflow.export` are the same address")
        #expect(mv("workflow.export~1a2b3c4d", "workflow.old").hasPrefix("`workflow.export~1a2b3c4d` records the old instance of a replace"))
        #expect(mv("workflow.export", "workflow.\u{1B}[31mred").contains("\\u{1B}"), "what was typed is printed escaped")
    }
}
