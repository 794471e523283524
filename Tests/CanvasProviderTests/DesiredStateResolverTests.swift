import CanvasAPI
import CanvasEmulator
import CanvasProvider
import Foundation
import JSONSupport
import Manifest
import Testing

/// Manifests resolved against the emulator's catalog and templates: the desired state of a plan.
struct DesiredStateResolverTests {
    /// Manifest files in a throwaway directory; messages come back with the directory stripped.
    final class Files {
        let directory: String

        init(_ files: [String: String]) throws {
            directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("canvasctl-desired-\(UUID().uuidString)").path
            for (path, contents) in files {
                let url = URL(fileURLWithPath: directory).appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(contents.utf8).write(to: url)
            }
        }

        deinit {
            try? FileManager.default.removeItem(atPath: directory)
        }

        func strip(_ text: String) -> String {
            text.replacingOccurrences(of: directory + "/", with: "")
        }
    }

    /// Loads the manifests at `paths`, reads the own account from a fresh emulator (templates the
    /// manifests name in full, unless `references` says otherwise), lets `adjust` change the live
    /// state, and resolves.
    static func resolve(
        _ paths: [String], environment: [String: String] = [:], references: Set<String>? = nil,
        adjust: (inout LiveState) -> Void = { _ in }
    ) async throws -> Result<DesiredState, ManifestErrors> {
        let set = try await ManifestLoader(environment: environment).load(paths)
        let emulator = try await CanvasEmulator.start(EmulatorConfiguration())
        var state: LiveState
        do {
            let client = try CanvasClient(configuration: CanvasClientConfiguration(
                baseURL: emulator.baseURL, credentials: .keys(consumer: emulator.consumerKey, secret: emulator.secretKey)
            ))
            state = try await LiveState.read(
                account: nil, client: client, templateReferences: references ?? Set(set.workflows.map(\.template.value))
            )
        } catch {
            await emulator.shutdown()
            throw error
        }
        await emulator.shutdown()
        adjust(&state)
        do throws(ManifestErrors) {
            return .success(try DesiredStateResolver.resolve(set, live: [nil: state]))
        } catch {
            return .failure(error)
        }
    }

    /// The resolution's messages, `file:line:column: error: message`, relative to `files`.
    static func errors(_ files: Files, references: Set<String>? = nil, adjust: (inout LiveState) -> Void = { _ in }) async throws -> [String] {
        switch try await resolve([files.directory], references: references, adjust: adjust) {
        case .success: return []
        case .failure(let errors): return errors.diagnostics.map { files.strip($0.description) }
        }
    }

    static let quinyx = CanvasID("97cbc3b3-32c7-4e4a-b788-a332ea82aeff")!
    static let ftpServer = CanvasID("5f814909-01ea-4395-96ee-5ba7614128fc")!
    static let demoWorkflow = CanvasID("c35de990-ccfa-4aab-966e-96e0b3044d71")!
    static let employeeExport = CanvasID("bbe52876-aca2-4ece-ba31-11e0d98ddc19")!

    /// Applications the workflow tests build on: valid, so that only the workflow's errors show.
    static let applications = """
        applications:
          quinyx:
            app: QUIN
            credentials: { apikey: k-123, environment: live }
          ftp:
            app: FTP Server
            credentials: { username: u, password: p, port: 21, address: ftp.example.com }

        """

    @Test("the quickstart resolves: every catalog app and template found, every slot mapped")
    func quickstart() async throws {
        let path = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/quickstart").path
        let result = try await Self.resolve([path], environment: ["QUINYX_API_KEY": "demo"])
        let state = try result.get()

        #expect(state.applications.map(\.spec.key) == ["quinyx", "quinyx-test", "ftp"])
        #expect(state.applications.map(\.catalogApplication.id) == [Self.quinyx, Self.quinyx, Self.ftpServer])
        #expect(state.workflows.map(\.spec.key) == ["employee-sync", "employee-export-csv", "employee-sync-staging"])
        #expect(state.workflows.map(\.template.id) == [Self.demoWorkflow, Self.employeeExport, Self.demoWorkflow])
        #expect(state.workflows.allSatisfy { $0.template.variables != nil }, "templates in full")
        #expect(state.workflows.map(\.slots) == [
            ["QUIN": "quinyx", "FTP": "ftp"], ["QUIN": "quinyx", "FTP": "ftp"], ["QUIN": "quinyx-test", "FTP": "ftp"],
        ])
    }

    @Test("catalog applications by id in any case, name and shortName in any case")
    func applicationMatching() async throws {
        let files = try Files(["a.yaml": """
            applications:
              by-id:
                app: 97CBC3B3-32C7-4E4A-B788-A332EA82AEFF
                credentials: { apikey: k-1, environment: test }
              by-name:
                app: talent manager
                credentials: { customeralias: acme, apikey: k-2 }
              by-short-name:
                app: cmaf

            """])
        let state = try await Self.resolve([files.directory]).get()
        #expect(state.applications.map { $0.catalogApplication.name } == ["Quinyx", "Talent Manager", "File Hub"])
    }

    @Test("an unknown catalog application, with did-you-mean over names")
    func unknownApplication() async throws {
        let files = try Files(["a.yaml": """
            applications:
              quinyx:
                app: Quinix

            """])
        #expect(try await Self.errors(files) == [
            "a.yaml:3:10: error: application 'quinyx' refers to unknown catalog application 'Quinix'; "
                + "write the name, shortName or id of a catalog application; did you mean 'Quinyx'?",
        ])
    }

    @Test("a catalog name shared by several applications lists them and asks for the id")
    func ambiguousApplication() async throws {
        let files = try Files(["a.yaml": """
            applications:
              ftp:
                app: ftp server
                credentials: { username: u, password: p, port: 21, address: ftp.example.com }

            """])
        let copy = CanvasID("11111111-2222-3333-4444-555555555555")!
        let errors = try await Self.errors(files) { state in
            var second = state.catalog.first { $0.id == Self.ftpServer }!
            second.id = copy
            second.shortName = "FTP2"
            state.catalog.append(second)
        }
        #expect(errors == [
            "a.yaml:3:10: error: application 'ftp' refers to catalog application 'ftp server', which matches 2 catalog applications: "
                + "'FTP Server' (FTP, id 5f814909-01ea-4395-96ee-5ba7614128fc), 'FTP Server' (FTP2, id 11111111-2222-3333-4444-555555555555); "
                + "write the id of the one you mean in `app:`",
        ])
    }

    @Test("credentials: unknown keys, missing required fields, select values; no value in any message")
    func credentials() async throws {
        let files = try Files(["a.yaml": """
            applications:
              quinyx:
                app: Quinyx
                credentials:
                  apikey: s3cret-api-key
                  environment: s3cret-staging
                  apiky: s3cret-typo
              ftp:
                app: FTP
                credentials:
                  username: s3cret-user
                  password: "  "
                  secure: true

            """])
        let errors = try await Self.errors(files)
        #expect(errors == [
            "a.yaml:6:20: error: credential 'environment' (Environment) of application 'quinyx' is not one of the options of "
                + "catalog application 'Quinyx'; use one of: live (Live Environment), test (Test Environment)",
            "a.yaml:7:14: error: application 'quinyx' sets unknown credential 'apiky': catalog application 'Quinyx' has no such field "
                + "(its fields are apikey, environment); remove it or correct its name; did you mean 'apikey'?",
            "a.yaml:8:3: error: application 'ftp' is missing required credentials 'password' (Password), 'port' (Port), "
                + "'address' (Server address) of catalog application 'FTP Server'; add them under `credentials:`",
        ])
        #expect(errors.allSatisfy { !$0.contains("s3cret") }, "credentials are secrets")
    }

    @Test("templates by id and by name in any case; an unknown one has a did-you-mean")
    func templates() async throws {
        // LiveState.read details templates named exactly as the list spells them (or by id).
        let references: Set<String> = ["Quinyx Employee Export Into FTP(CSV)", "C35DE990-CCFA-4AAB-966E-96E0B3044D71", "Demo workflow"]
        let files = try Files(["a.yaml": Self.applications + """
            workflows:
              by-name:
                template: quinyx employee export into ftp(csv)
                applications: { QUIN: quinyx, FTP: ftp }
              by-id:
                template: C35DE990-CCFA-4AAB-966E-96E0B3044D71
                applications: { QUIN: quinyx, FTP: ftp }
              typo:
                template: Demo workflw
                applications: { QUIN: quinyx, FTP: ftp }

            """])
        #expect(try await Self.errors(files, references: references) == [
            "a.yaml:16:15: error: workflow 'typo' refers to unknown template 'Demo workflw'; "
                + "write the name or id of a workflow template; did you mean 'Demo workflow'?",
        ])
        let valid = try Files(["a.yaml": Self.applications + """
            workflows:
              by-name:
                template: quinyx employee export into ftp(csv)
                applications: { QUIN: quinyx, FTP: ftp }
              by-id:
                template: C35DE990-CCFA-4AAB-966E-96E0B3044D71
                applications: { QUIN: quinyx, FTP: ftp }

            """])
        let state = try await Self.resolve([valid.directory], references: references).get()
        #expect(state.workflows.map(\.template.id) == [Self.employeeExport, Self.demoWorkflow])
    }

    @Test("a template name shared by several templates asks for the id; a template read without variables is refused")
    func ambiguousAndPartialTemplates() async throws {
        let files = try Files(["a.yaml": Self.applications + """
            workflows:
              sync:
                template: Demo workflow
                applications: { QUIN: quinyx, FTP: ftp }

            """])
        let errors = try await Self.errors(files) { state in
            var copy = state.templates.first { $0.id == Self.employeeExport }!
            copy.name = "demo WORKFLOW"
            state.templates.append(copy)
        }
        #expect(errors == [
            "a.yaml:10:15: error: workflow 'sync' refers to template 'Demo workflow', which matches 2 templates: "
                + "'Demo workflow' (id c35de990-ccfa-4aab-966e-96e0b3044d71), 'demo WORKFLOW' (id bbe52876-aca2-4ece-ba31-11e0d98ddc19); "
                + "write the id of the one you mean in `template:`",
        ])
        #expect(try await Self.errors(files, references: []) == [
            "a.yaml:10:15: error: workflow 'sync': template 'Demo workflow' was read in its list form, without its variables' types, "
                + "so the workflow cannot be checked; read it in full (LiveState.read with this template's reference)",
        ])
    }

    @Test("slots: unknown, unmapped, and filled by an instance of another catalog application")
    func slots() async throws {
        let files = try Files(["a.yaml": Self.applications + """
            workflows:
              sync:
                template: Demo workflow
                applications:
                  QUIN: ftp
                  QUINN: quinyx

            """])
        #expect(try await Self.errors(files) == [
            "a.yaml:9:3: error: workflow 'sync' does not map template slot 'FTP' (FTP Server) of template 'Demo workflow'; "
                + "add it under `applications:` (slot: application key)",
            "a.yaml:12:13: error: slot 'QUIN' of workflow 'sync' needs an instance of catalog application 'Quinyx', "
                + "but application 'ftp' is an instance of 'FTP Server'; map the slot to an application whose `app:` is 'Quinyx'",
            "a.yaml:13:14: error: workflow 'sync' maps unknown slot 'QUINN' of template 'Demo workflow' (its slots are QUIN, FTP); "
                + "use a slot's shortName; did you mean 'QUIN'?",
        ])
    }

    @Test("variables: unknown, of the wrong kind, missing when required without default, outside the options")
    func variables() async throws {
        let files = try Files(["a.yaml": Self.applications + """
            workflows:
              sync:
                template: Demo workflow
                applications: { QUIN: quinyx, FTP: ftp }
                variables:
                  amountToObtainWfQ:
                    table: [{ source: a, target: b }]
                    default: null
                  locationsMaping: x
              staging:
                template: Demo workflow
                applications: { QUIN: quinyx, FTP: ftp }
                variables:
                  amountToObtainWfQ: "7"
                  locationsMapping: Oslo
              production:
                template: Demo workflow
                applications: { QUIN: quinyx, FTP: ftp }
                variables:
                  amountToObtainWfQ: 25
                  locationsMapping: { table: [], default: OTHER }

            """])
        let errors = try await Self.errors(files) { state in
            let index = state.templates.firstIndex { $0.id == Self.demoWorkflow }!
            state.templates[index].variables?["locationsMapping"]?.value = nil
            state.templates[index].variables?["amountToObtainWfQ"]?.options = ["5", 10, ["value": "25", "label": "Many"]]
        }
        #expect(errors == [
            "a.yaml:9:3: error: workflow 'sync' needs required variable 'locationsMapping' (Locaitons) of template 'Demo workflow', "
                + "which has no default; add it under `variables:`",
            "a.yaml:14:9: error: variable 'amountToObtainWfQ' of workflow 'sync' is of type INPUT, not LOOKUP_TABLE; "
                + "give it a value or a list instead of a lookup table",
            "a.yaml:16:24: error: workflow 'sync' sets unknown variable 'locationsMaping' of template 'Demo workflow' "
                + "(its variables are amountToObtainWfQ, locationsMapping); remove it or correct its name; did you mean 'locationsMapping'?",
            "a.yaml:21:26: error: variable 'amountToObtainWfQ' of workflow 'staging' must be one of the template's options: 5, 10, 25; found '7'",
            "a.yaml:22:25: error: variable 'locationsMapping' of workflow 'staging' is of type LOOKUP_TABLE; give it a lookup table: "
                + "`table:` (a list of `{ source, target }` rows) and `default:`",
        ])
    }

    @Test("chain: blocks by name or uniqueBlockId, unknown blocks and block variables")
    func chain() async throws {
        let files = try Files(["a.yaml": Self.applications + """
            workflows:
              sync:
                template: Demo workflow
                applications: { QUIN: quinyx, FTP: ftp }
                chain:
                  Get Employes:
                    amountToObtain: { variableSource: 2, variableName: amountToObtainWfQ }
                  BAB5609E-CC2D-4C22-B1A8-21B65E6C419D:
                    amountToObtain: { variableSource: 2, variableName: amountToObtainWfQ }
                  Mapper:
                    amount: { variableSource: 2, variableName: amountToObtainWfQ }

            """])
        let errors = try await Self.errors(files)
        #expect(errors == [
            "a.yaml:14:25: error: workflow 'sync' sets unknown block 'Get Employes' of template 'Demo workflow' "
                + "(its blocks are Get Employees, Mapper, Post Employees); use a block's blockName or uniqueBlockId; did you mean 'Get Employees'?",
            "a.yaml:18:17: error: block 'Mapper' of workflow 'sync' has no variable 'amount' (it has no variables); remove it or correct its name",
        ])
    }

    @Test("every problem of a set in one run, ordered by file, line and column")
    func severalErrors() async throws {
        let files = try Files([
            "a.yaml": """
                applications:
                  quinyx:
                    app: Quinyx
                    credentials: { apikey: s3cret-1, environment: s3cret-2 }
                  hub:
                    app: File Hubb

                """,
            "b.yaml": """
                workflows:
                  sync:
                    template: Demo workflow
                    applications: { QUIN: quinyx }
                    variables: { amountToObtain: "5" }
                  export:
                    template: Nope

                """,
        ])
        let errors = try await Self.errors(files)
        #expect(errors == [
            "a.yaml:4:51: error: credential 'environment' (Environment) of application 'quinyx' is not one of the options of "
                + "catalog application 'Quinyx'; use one of: live (Live Environment), test (Test Environment)",
            "a.yaml:6:10: error: application 'hub' refers to unknown catalog application 'File Hubb'; "
                + "write the name, shortName or id of a catalog application; did you mean 'File Hub'?",
            "b.yaml:2:3: error: workflow 'sync' does not map template slot 'FTP' (FTP Server) of template 'Demo workflow'; "
                + "add it under `applications:` (slot: application key)",
            "b.yaml:5:34: error: workflow 'sync' sets unknown variable 'amountToObtain' of template 'Demo workflow' "
                + "(its variables are amountToObtainWfQ, locationsMapping); remove it or correct its name; did you mean 'amountToObtainWfQ'?",
            "b.yaml:7:15: error: workflow 'export' refers to unknown template 'Nope'; write the name or id of a workflow template",
        ])
        #expect(errors.allSatisfy { !$0.contains("s3cret") })
    }
}
