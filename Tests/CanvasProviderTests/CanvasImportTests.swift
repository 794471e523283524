import CanvasAPI
import CanvasProvider
import Manifest
import StateStore
import Testing

/// `import ADDRESS ID` worked out on values: the address and id parsed, the manifests' declaration,
/// the state's records and the live account checked, and the record it writes.
struct CanvasImportTests {
    static let application = CanvasID("97cbc3b3-32c7-4e4a-b788-a332ea82aeff")!
    static let workflow = CanvasID("5f814909-01ea-4395-96ee-5ba7614128fc")!
    static let account = CanvasID("c35de990-ccfa-4aab-966e-96e0b3044d71")!

    static let live = LiveState(
        account: account, catalog: [], templates: [],
        registeredApplications: [RegisteredApplication(id: application, applicationId: CanvasID("11111111-2222-4333-8444-555555555555")!, tagText: "FTP")],
        workflows: [Workflow(id: workflow, name: "Export")]
    )

    static func refusal(_ body: () throws(StateSurgery.Refusal) -> Void) -> String {
        StateSurgeryTests.refusal(body)
    }

    static func manifests(_ text: String) async throws -> ManifestSet {
        let files = try DesiredStateResolverTests.Files(["set.yaml": text])
        return try await ManifestLoader(environment: [:]).load([files.directory])
    }

    static let manifest = """
        account: c35de990-ccfa-4aab-966e-96e0b3044d71
        applications:
          ftp: {app: FTP}
        workflows:
          export: {template: Demo workflow, applications: {FTP: ftp}}
          pinned: {template: Demo workflow, id: 5f814909-01ea-4395-96ee-5ba7614128fc}

        """

    @Test("the record holds the address, the account and the id, and nothing as last applied")
    func record() async throws {
        let set = try await Self.manifests(Self.manifest)
        let adoption = try CanvasImport(address: "workflow.export", id: Self.workflow.rawValue.uppercased())
        let account = try adoption.account(in: set)
        #expect(account == Self.account.rawValue)
        try adoption.check(StateSnapshot())
        let record = try adoption.record(account: account, live: Self.live, appliedAt: "2026-12-07T10:00:00Z")
        #expect(record == StateRecord(
            address: "workflow.export", kind: "workflow", provider: "canvas", scope: Self.account.rawValue, id: Self.workflow.rawValue,
            appliedAt: "2026-12-07T10:00:00Z"
        ))
        // A pin of the same id is no obstacle.
        _ = try CanvasImport(address: "workflow.pinned", id: Self.workflow.rawValue).account(in: set)
    }

    @Test("refused: a schedule, another kind of address, an id that is no GUID")
    func arguments() {
        #expect(Self.refusal { () throws(StateSurgery.Refusal) in _ = try CanvasImport(address: "schedule.export", id: Self.workflow.rawValue) }
            .hasSuffix("`canvasctl import workflow.export ID` adopts the workflow with its schedule"))
        #expect(Self.refusal { () throws(StateSurgery.Refusal) in _ = try CanvasImport(address: "deploy.export", id: Self.workflow.rawValue) }
            == "`deploy.export` is not an address import takes: give application.KEY or workflow.KEY")
        #expect(Self.refusal { () throws(StateSurgery.Refusal) in _ = try CanvasImport(address: "workflow.export", id: "42") }
            == "`42` is not a Canvas id: ids are GUIDs such as 3fa85f64-5717-4562-b3fc-2c963f66afa6")
    }

    @Test("refused: an address the manifests do not declare, or pin another id to")
    func declaration() async throws {
        let set = try await Self.manifests(Self.manifest)
        #expect(Self.refusal { () throws(StateSurgery.Refusal) in _ = try CanvasImport(address: "workflow.exprt", id: Self.workflow.rawValue).account(in: set) }
            == "the manifests declare no `workflow.exprt` (did you mean `workflow.export`?): import adopts a resource into an address the manifests declare, so add it to them first")
        let pinned = Self.refusal { () throws(StateSurgery.Refusal) in _ = try CanvasImport(address: "workflow.pinned", id: Self.application.rawValue).account(in: set) }
        #expect(pinned.hasPrefix("`workflow.pinned` pins another id with `id:` ("), "\(pinned)")
    }

    @Test("refused: an address or an id the state already records")
    func managed() {
        let adoption = try! CanvasImport(address: "workflow.export", id: Self.workflow.rawValue)
        let taken = StateSnapshot(records: ["canvas:workflow.export": StateRecord(
            address: "workflow.export", kind: "workflow", provider: "canvas", id: "00000000-0000-4000-8000-000000000000", appliedAt: "x"
        )])
        #expect(Self.refusal { () throws(StateSurgery.Refusal) in try adoption.check(taken) }
            == "the state already records `workflow.export` (id 00000000-0000-4000-8000-000000000000): `canvasctl state rm workflow.export` first to import another resource into it")
        let elsewhere = StateSnapshot(records: ["canvas:workflow.old": StateRecord(
            address: "workflow.old", kind: "workflow", provider: "canvas", id: Self.workflow.rawValue.uppercased(), appliedAt: "x"
        )])
        #expect(Self.refusal { () throws(StateSurgery.Refusal) in try adoption.check(elsewhere) }
            == "\(Self.workflow) is already managed, as `workflow.old`: a resource is recorded under one address (`canvasctl state mv workflow.old workflow.export` renames it)")
        let asApplication = try! CanvasImport(address: "application.ftp", id: Self.workflow.rawValue)
        #expect(Self.refusal { () throws(StateSurgery.Refusal) in try asApplication.check(elsewhere) }
            == "\(Self.workflow) is already managed, as `workflow.old`: a resource is recorded under one address", "no move across kinds is suggested")
    }

    @Test("refused: an id of the other kind, or none in the account")
    func live() throws {
        let asApplication = try CanvasImport(address: "application.ftp", id: Self.workflow.rawValue)
        #expect(Self.refusal { () throws(StateSurgery.Refusal) in _ = try asApplication.record(account: nil, live: Self.live, appliedAt: "x") }
            == "\(Self.workflow) is a workflow in account \(Self.account), not an application: import it into a workflow.KEY address")
        let asWorkflow = try CanvasImport(address: "workflow.export", id: Self.application.rawValue)
        #expect(Self.refusal { () throws(StateSurgery.Refusal) in _ = try asWorkflow.record(account: nil, live: Self.live, appliedAt: "x") }
            == "\(Self.application) is an application in account \(Self.account), not a workflow: import it into an application.KEY address")
        let missing = try CanvasImport(address: "workflow.export", id: "00000000-0000-4000-8000-000000000000")
        #expect(Self.refusal { () throws(StateSurgery.Refusal) in _ = try missing.record(account: nil, live: Self.live, appliedAt: "x") }
            == "account \(Self.account) has no workflow with id 00000000-0000-4000-8000-000000000000 (the account `workflow.export` is declared in)")
    }
}
