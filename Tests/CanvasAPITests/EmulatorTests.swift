import JSONSupport
import AsyncHTTPClient
import CanvasAPI
import CanvasEmulator
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// The emulator seen from the wire: plain HTTP requests to an in-process emulator on a free port,
/// asserting on the statuses and bodies a client gets (the document's texts, exactly).
struct EmulatorTests {
    static let quinyx = "97cbc3b3-32c7-4e4a-b788-a332ea82aeff"
    static let ftp = "5f814909-01ea-4395-96ee-5ba7614128fc"
    static let demoTemplate = "c35de990-ccfa-4aab-966e-96e0b3044d71"
    static let exportTemplate = "bbe52876-aca2-4ece-ba31-11e0d98ddc19"
    static let oslo = "be4f3f1e-0e6d-4f68-b8d8-546163c5dfad"
    static let bergen = "78e83bd6-32b1-41b6-b172-9e6dc88d6477"
    static let unauthorized = "Status Code: 401; Unauthorized"

    static let quinyxBody = #"{"applicationId": "97cbc3b3-32c7-4e4a-b788-a332ea82aeff","tagText": "Quinyx 2022-04-28","credentialsJson": "{\"apikey\":\"e16d092b-577a-4d49-ae1e-87b993dc5fa9\",\"environment\": \"test\"}"}"#
    static let ftpBody = #"{"applicationId": "5f814909-01ea-4395-96ee-5ba7614128fc","tagText": "FTP","credentialsJson": "{\"username\": \"demo\",\"password\": \"pw\",\"port\": 21,\"address\": \"ftp.example.com\",\"secure\": true}"}"#

    // MARK: Harness

    /// What a request got back; `status` is nil when the connection closed with no response.
    struct Reply {
        var status: Int?
        var body: String
        var headers: HTTPHeaders

        /// The body as JSON (`{"State":500,…}`, a list, a string).
        func json() throws -> Any {
            try JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed])
        }

        /// The body decoded as a CanvasAPI wire model.
        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try JSONDecoder().decode(T.self, from: Data(body.utf8))
        }

        /// The new id a create call answered with (a JSON string).
        func id() throws -> String {
            try decode(String.self)
        }
    }

    /// How a request authenticates.
    enum Auth {
        case keys, none, wrongKeys, bearer, wrongBearer
    }

    /// A client for one emulator.
    struct API {
        let client: HTTPClient
        let emulator: RunningEmulator

        func send(_ method: HTTPMethod, _ path: String, body: String? = nil, account: String? = nil, auth: Auth = .keys) async throws -> Reply {
            var request = HTTPClientRequest(url: emulator.baseURL + "/" + path)
            request.method = method
            switch auth {
            case .keys:
                request.headers.add(name: "Consumer", value: emulator.consumerKey)
                request.headers.add(name: "SecretKey", value: emulator.secretKey)
            case .none:
                break
            case .wrongKeys:
                request.headers.add(name: "Consumer", value: emulator.consumerKey)
                request.headers.add(name: "SecretKey", value: "not-" + emulator.secretKey)
            case .bearer:
                request.headers.add(name: "Authorization", value: "Bearer \(emulator.token)")
            case .wrongBearer:
                request.headers.add(name: "Authorization", value: "Bearer not-\(emulator.token)")
            }
            if let account { request.headers.add(name: "ManagedAccountId", value: account) }
            if let body {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(string: body))
            }
            let response = try await client.execute(request, timeout: .seconds(30))
            let bytes = try await response.body.collect(upTo: 1 << 24)
            return Reply(status: Int(response.status.code), body: String(buffer: bytes), headers: response.headers)
        }

        /// Like ``send(_:_:body:account:auth:)``, with a closed connection answered as status nil.
        func sendAllowingDrops(_ method: HTTPMethod, _ path: String) async throws -> Reply {
            do {
                return try await send(method, path)
            } catch let error as HTTPClientError where error == .remoteConnectionClosed {
                return Reply(status: nil, body: "", headers: [:])
            }
        }

        func get(_ path: String, account: String? = nil, auth: Auth = .keys) async throws -> Reply {
            try await send(.GET, path, account: account, auth: auth)
        }

        func post(_ path: String, _ body: String, account: String? = nil, auth: Auth = .keys) async throws -> Reply {
            try await send(.POST, path, body: body, account: account, auth: auth)
        }

        /// Registers the document's Quinyx and an FTP Server application, answering their ids.
        func registerQuinyxAndFTP(account: String? = nil) async throws -> (quinyx: String, ftp: String) {
            let quinyx = try await post("RegApplication", EmulatorTests.quinyxBody, account: account)
            let ftp = try await post("RegApplication", EmulatorTests.ftpBody, account: account)
            #expect(quinyx.status == 200)
            #expect(ftp.status == 200)
            return (try quinyx.id(), try ftp.id())
        }

        func createWorkflow(name: String, quinyx: String, ftp: String, account: String? = nil) async throws -> Reply {
            try await post(
                "Workflow",
                #"{"workflowTemplateId": "\#(EmulatorTests.demoTemplate)", "name": "\#(name)", "applications": {"QUIN": "\#(quinyx)", "FTP": "\#(ftp)"}}"#,
                account: account
            )
        }
    }

    /// Runs `body` against a fresh emulator, shutting both it and the HTTP client down afterwards.
    static func withEmulator<T>(_ configuration: EmulatorConfiguration = EmulatorConfiguration(), _ body: (API) async throws -> T) async throws -> T {
        let emulator = try await CanvasEmulator.start(configuration)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let result: Result<T, any Error>
        do {
            result = .success(try await body(API(client: client, emulator: emulator)))
        } catch {
            result = .failure(error)
        }
        try await client.shutdown()
        await emulator.shutdown()
        return try result.get()
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("emulator-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `{"State":500,"Msg":message}`.
    static func isStateError(_ reply: Reply, _ message: String) throws -> Bool {
        let object = try #require(try reply.json() as? [String: Any])
        return reply.status == 500 && object["State"] as? Int == 500 && object["Msg"] as? String == message
    }

    // MARK: Start

    @Test("port 0 gives each of several emulators started at once its own port, and the base URL names it")
    func parallelStarts() async throws {
        let emulators = try await withThrowingTaskGroup(of: RunningEmulator.self) { group in
            for _ in 0..<4 { group.addTask { try await CanvasEmulator.start(EmulatorConfiguration()) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(emulators.map(\.port)).count == 4)
        for emulator in emulators {
            #expect(emulator.port > 0)
            #expect(emulator.baseURL == "http://127.0.0.1:\(emulator.port)/api")
            #expect(!emulator.consumerKey.isEmpty && !emulator.secretKey.isEmpty && !emulator.token.isEmpty)
            await emulator.shutdown()
        }
    }

    @Test("settings that cannot be served are refused with a sentence")
    func badConfiguration() async {
        await #expect(throws: EmulatorStartError.self) { try await CanvasEmulator.start(EmulatorConfiguration(failRate: 1.5)) }
        await #expect(throws: EmulatorStartError.self) { try await CanvasEmulator.start(EmulatorConfiguration(latencyMilliseconds: -1)) }
    }

    // MARK: Authentication

    @Test("401 without keys or with wrong ones, on every kind of endpoint; the keys and the bearer token are accepted")
    func authentication() async throws {
        try await Self.withEmulator { api throws in
            for auth in [Auth.none, .wrongKeys, .wrongBearer] {
                for reply in [
                    try await api.get("Authenticate", auth: auth),
                    try await api.get("RegApplications", auth: auth),
                    try await api.get("Applications", auth: auth),
                    try await api.post("Workflow", #"{"workflowTemplateId": "\#(Self.demoTemplate)", "applications": {}}"#, auth: auth),
                    try await api.get("DeleteWorkflow/7b2dee52-5781-49bf-9895-d6d2b2b43e2c", auth: auth),
                ] {
                    #expect(reply.status == 401)
                    #expect(reply.body == Self.unauthorized)
                }
            }
            let authenticated = try await api.get("Authenticate")
            #expect(authenticated.status == 200)
            #expect(authenticated.body == "true")
            let bearer = try await api.get("Authenticate", auth: .bearer)
            #expect(bearer.status == 200)
            #expect(bearer.body == "true")
            #expect(try await api.get("RegApplications", auth: .bearer).body == "[]")

            // The help endpoints need no keys.
            #expect(try await api.get("GetMetaData", auth: .none).status == 200)
            #expect(try await api.get("Describe?name=AddWorkflowApiDto", auth: .none).status == 200)

            // A ManagedAccountId that is not an account of the organisation gives no access.
            let stranger = try await api.get("RegApplications", account: "11111111-2222-3333-4444-555555555555")
            #expect(stranger.status == 401)
            #expect(stranger.body == Self.unauthorized)
            #expect(try await api.get("RegApplications", account: "not-a-guid").status == 401)
        }
    }

    @Test("keys given in the configuration are the ones required")
    func givenKeys() async throws {
        try await Self.withEmulator(EmulatorConfiguration(consumerKey: "5D1AEF05263B", secretKey: "agl20ad-d53b")) { api throws in
            #expect(api.emulator.consumerKey == "5D1AEF05263B")
            #expect(api.emulator.secretKey == "agl20ad-d53b")
            #expect(try await api.get("Authenticate").body == "true")
        }
    }

    // MARK: Accounts

    @Test("ManagedAccountId isolates accounts: A never sees B's applications or workflows")
    func isolation() async throws {
        try await Self.withEmulator { api throws in
            let (quinyx, ftp) = try await api.registerQuinyxAndFTP(account: Self.oslo)
            let workflow = try await api.createWorkflow(name: "Oslo export", quinyx: quinyx, ftp: ftp, account: Self.oslo).id()

            let osloApps = try await api.get("RegApplications", account: Self.oslo).decode([RegisteredApplication].self)
            #expect(Set(osloApps.map(\.id.rawValue)) == [quinyx, ftp])
            #expect(osloApps.allSatisfy { $0.accountId?.rawValue == Self.oslo })
            #expect(try await api.get("Workflows", account: Self.oslo).decode([Workflow].self).map(\.id.rawValue) == [workflow])

            for other in [Self.bergen, nil] {
                #expect(try await api.get("RegApplications", account: other).body == "[]")
                #expect(try await api.get("Workflows", account: other).body == "[]")
                #expect(try Self.isStateError(try await api.get("Workflow/\(workflow)", account: other), "Undeclared RegisteredCanvasWorkflow key"))
                #expect(try Self.isStateError(try await api.get("DeleteRegApplication/\(quinyx)", account: other), "Undeclared RegisteredApplication"))
                #expect(try Self.isStateError(try await api.get("DeleteWorkflow/\(workflow)", account: other), "Undeclared RegisteredCanvasWorkflow key"))
                // Another account's application cannot fill a slot either.
                let borrowed = try await api.createWorkflow(name: "borrowed", quinyx: quinyx, ftp: ftp, account: other)
                #expect(try Self.isStateError(borrowed, "Undeclared RegisteredApplication"))
            }
            // Still all there for Oslo.
            #expect(try await api.get("Workflow/\(workflow)", account: Self.oslo).status == 200)
            #expect(try await api.get("RegApplications", account: Self.oslo).decode([RegisteredApplication].self).count == 2)
        }
    }

    @Test("Accounts lists the organisation; Account refuses an existing email and the Admin role")
    func accounts() async throws {
        try await Self.withEmulator { api throws in
            let accounts = try await api.get("Accounts").decode([Account].self)
            #expect(accounts.prefix(3).map(\.id.rawValue) == [
                "aae3f328-a561-4171-a0e9-19f6047c154b", "dedf618d-53a7-42af-bb4a-d78ec8e6dbdc", "387c0680-d4d2-43c6-b802-49419d88260b",
            ])
            #expect(Set(accounts.map(\.id.rawValue)).isSuperset(of: [Self.oslo, Self.bergen]))
            #expect(accounts.allSatisfy { $0.organizationName == "ConnectMyApps AS" })

            let created = try await api.post("Account", #"{"firstName": "John", "lastName": "Smeet", "email": "john.smeet@example.com", "role": "User"}"#)
            #expect(created.status == 200)
            let id = try created.id()
            #expect(try await api.get("Accounts").decode([Account].self).contains { $0.id.rawValue == id && $0.email == "john.smeet@example.com" })
            // The new account can be managed.
            #expect(try await api.get("RegApplications", account: id).body == "[]")

            let again = try await api.post("Account", #"{"firstName": "J", "lastName": "S", "email": "JOHN.SMEET@example.com"}"#)
            #expect(again.status == 400)
            #expect(again.body == "Account has already been created")

            let admin = try await api.post("Account", #"{"firstName": "A", "lastName": "B", "email": "admin@example.com", "role": "Admin"}"#)
            #expect(admin.status == 400)
            #expect(admin.body == "Role Admin is not supported. Please use SuperPartner or User")
        }
    }

    // MARK: Documented errors

    @Test("POST Workflow with an unknown template: 500 Unknown workflow template <id>")
    func unknownTemplate() async throws {
        try await Self.withEmulator { api throws in
            let reply = try await api.post(
                "Workflow",
                #"{"workflowTemplateId": "1be52876-aca2-4ece-ba31-11e0d98ddc19", "name": "Test", "applications": {}}"#
            )
            #expect(reply.status == 500)
            #expect(try reply.decode(ApiErrorBody.self) == ApiErrorBody(state: 500, msg: "Unknown workflow template 1be52876-aca2-4ece-ba31-11e0d98ddc19"))
        }
    }

    @Test("workflow calls on an unknown id: 500 Undeclared RegisteredCanvasWorkflow key")
    func undeclaredWorkflowKey() async throws {
        try await Self.withEmulator { api throws in
            let unknown = "e0b8c9e6-a55b-4ff8-80f0-8fe1c5510d16"
            for reply in [
                try await api.post("Workflow/\(unknown)", #"{"name": "test UCIN-1021-UPD1", "description": "description-UPD1"}"#),
                try await api.get("Workflow/\(unknown)"),
                try await api.get("DeployWorkflow/\(unknown)"),
                try await api.get("DeleteWorkflow/\(unknown)"),
                try await api.post("RunWorkflow", #"{"workflowId": "\#(unknown)"}"#),
                try await api.post("WorkflowScheduler", #"{"workflowId": "\#(unknown)", "isScheduled": true, "scheduleFrequency": "{\"cronSchedule\":\"0 0/5 * ? * * *\"}"}"#),
            ] {
                #expect(try Self.isStateError(reply, "Undeclared RegisteredCanvasWorkflow key"), "\(reply)")
            }
        }
    }

    @Test("registered application calls on an unknown id, and workflows naming one: 500 Undeclared RegisteredApplication")
    func undeclaredRegisteredApplication() async throws {
        try await Self.withEmulator { api throws in
            let unknown = "c97f96bf-c372-4acf-b596-74ce037e0b68"
            #expect(try Self.isStateError(try await api.get("DeleteRegApplication/\(unknown)"), "Undeclared RegisteredApplication"))
            #expect(try Self.isStateError(try await api.post("RegApplication/\(unknown)", #"{"tagText": "x"}"#), "Undeclared RegisteredApplication"))
            let (quinyx, _) = try await api.registerQuinyxAndFTP()
            let workflow = try await api.createWorkflow(name: "w", quinyx: quinyx, ftp: unknown)
            #expect(try Self.isStateError(workflow, "Undeclared RegisteredApplication"))
        }
    }

    @Test("deleting an application in use: 400 with the document's text naming every workflow that uses it")
    func deleteInUse() async throws {
        try await Self.withEmulator { api throws in
            let (quinyx, ftp) = try await api.registerQuinyxAndFTP()
            let first = try await api.createWorkflow(name: "first", quinyx: quinyx, ftp: ftp).id()
            let second = try await api.createWorkflow(name: "second", quinyx: quinyx, ftp: ftp).id()
            let reply = try await api.get("DeleteRegApplication/\(quinyx)")
            #expect(reply.status == 400)
            #expect(reply.body == """
                Deletion error: \("")
                We're unable to delete the application (\(quinyx)) because it is in use within an active workflow(s): \(first), \(second)
                Please ensure that the application is not being utilized in any workflows and try again.
                If you need further assistance, please contact support.
                """)
            // Once the workflows are gone, so can the application be.
            #expect(try await api.get("DeleteWorkflow/\(first)").status == 200)
            #expect(try await api.get("DeleteWorkflow/\(second)").status == 200)
            #expect(try await api.get("DeleteRegApplication/\(quinyx)").status == 200)
            #expect(try await api.get("RegApplications").decode([RegisteredApplication].self).map(\.id.rawValue) == [ftp])
        }
    }

    @Test("records after a deleted one are still found by id: edits, deploys and deletes reach the right one")
    func recordsAfterDelete() async throws {
        try await Self.withEmulator { api throws in
            let (quinyx, ftp) = try await api.registerQuinyxAndFTP()
            let (otherQuinyx, _) = try await api.registerQuinyxAndFTP()
            let ids = try await [api.createWorkflow(name: "a", quinyx: quinyx, ftp: ftp).id(),
                                 api.createWorkflow(name: "b", quinyx: quinyx, ftp: ftp).id(),
                                 api.createWorkflow(name: "c", quinyx: quinyx, ftp: ftp).id()]
            #expect(try await api.get("DeleteWorkflow/\(ids[0])").status == 200)
            #expect(try await api.get("DeleteRegApplication/\(quinyx)").status == 400, "still used by b and c")
            #expect(try await api.post("Workflow/\(ids[2])", #"{"name": "c renamed"}"#).status == 200)
            #expect(try await api.get("DeployWorkflow/\(ids[1])").status == 200)
            #expect(try Self.isStateError(try await api.get("DeleteWorkflow/\(ids[0])"), "Undeclared RegisteredCanvasWorkflow key"))
            let workflows = try await api.get("Workflows").decode([Workflow].self)
            #expect(workflows.map(\.name) == ["b", "c renamed"])
            #expect(try await api.get("DeleteRegApplication/\(otherQuinyx)").status == 200)
            #expect(try await api.post("RegApplication/\(ftp)", #"{"tagText": "FTP renamed"}"#).status == 200)
            let registered = try await api.get("RegApplications").decode([RegisteredApplication].self)
            #expect(registered.count == 3)
            #expect(!registered.contains { $0.id.rawValue == otherQuinyx })
            #expect(registered.first { $0.id.rawValue == ftp }?.tagText == "FTP renamed")
        }
    }

    @Test("lists read again after each kind of change show it, as one compact JSON array with sorted keys")
    func listsAfterChanges() async throws {
        try await Self.withEmulator { api throws in
            let (quinyx, ftp) = try await api.registerQuinyxAndFTP()
            let first = try await api.createWorkflow(name: "a", quinyx: quinyx, ftp: ftp).id()
            let before = try await api.get("Workflows")
            #expect(before.body.hasPrefix("[{\"accountId\":"), "compact, keys sorted")
            #expect(try before.decode([Workflow].self).map(\.name) == ["a"])
            #expect(try await api.get("RegApplications").decode([RegisteredApplication].self).count == 2)

            #expect(try await api.post("Workflow/\(first)", #"{"name": "a renamed"}"#).status == 200)
            #expect(try await api.post("WorkflowScheduler", #"{"workflowId": "\#(first)", "isScheduled": true, "scheduleFrequency": "{\"cronSchedule\":\"0 0 12 * * ?\"}"}"#).status == 200)
            let second = try await api.createWorkflow(name: "b", quinyx: quinyx, ftp: ftp).id()
            #expect(try await api.post("RegApplication/\(ftp)", #"{"tagText": "FTP renamed"}"#).status == 200)
            let after = try await api.get("Workflows")
            let workflows = try after.decode([Workflow].self)
            #expect(workflows.map(\.name) == ["a renamed", "b"])
            #expect(workflows.first?.isScheduled == true)
            #expect(after.body.split(separator: "\n").count == 1)
            // Joined from each record's kept JSON into a buffer made at its size: byte for byte what
            // encoding the whole list gives.
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            #expect(after.body == String(decoding: try encoder.encode(workflows), as: UTF8.self))
            // Read again with nothing changed: the answer kept for this version of the data.
            #expect(try await api.get("Workflows").body == after.body)
            #expect(try await api.get("RegApplications").decode([RegisteredApplication].self).first { $0.id.rawValue == ftp }?.tagText == "FTP renamed")
            #expect(try await api.post("RegApplication/\(ftp)", #"{"tagText": "FTP renamed again"}"#).status == 200)
            #expect(try await api.get("RegApplications").decode([RegisteredApplication].self).first { $0.id.rawValue == ftp }?.tagText == "FTP renamed again")

            #expect(try await api.get("DeleteWorkflow/\(first)").status == 200)
            #expect(try await api.get("Workflows").decode([Workflow].self).map(\.id.rawValue) == [second])
            #expect(try await api.get("Workflows", account: Self.oslo).body == "[]", "another account's list is its own")
        }
    }

    @Test("missing required credentials: 400 with the document's Authentication Error lines; bad select values too")
    func credentials() async throws {
        try await Self.withEmulator { api throws in
            // The document's FTP example, and its answer, exactly.
            let ftp = try await api.post(
                "RegApplication",
                #"{"applicationId": "5f814909-01ea-4395-96ee-5ba7614128fc","tagText": "FTP 2022-05-03","credentialsJson": "{\"username\": null,\"password\": null,\"port\": null,\"address\": null,\"secure\": true}"}"#
            )
            #expect(ftp.status == 400)
            #expect(ftp.body == """
                Authentication Error: You must enter a value for User name.
                You must enter a value for Password.
                You must enter a value for Port.
                You must enter a value for Server address.
                """)

            // An absent field counts as missing; the optional `secure` is never asked for.
            let partial = try await api.post(
                "RegApplication",
                #"{"applicationId": "\#(Self.ftp)","tagText": "FTP","credentialsJson": "{\"username\": \"u\",\"password\": \"\",\"address\": \"a\"}"}"#
            )
            #expect(partial.body == "Authentication Error: You must enter a value for Password.\nYou must enter a value for Port.")

            let select = try await api.post(
                "RegApplication",
                #"{"applicationId": "\#(Self.quinyx)","tagText": "Q","credentialsJson": "{\"apikey\": \"secret-apikey-value\",\"environment\": \"staging\"}"}"#
            )
            #expect(select.status == 400)
            #expect(select.body == "Authentication Error: Environment must be one of: live, test.")
            #expect(!select.body.contains("secret-apikey-value") && !select.body.contains("staging"))

            // Nothing was registered by the refused calls; an update is checked the same way.
            #expect(try await api.get("RegApplications").body == "[]")
            let (quinyx, _) = try await api.registerQuinyxAndFTP()
            let update = try await api.post("RegApplication/\(quinyx)", #"{"credentialsJson": "{\"environment\": \"prod\"}"}"#)
            #expect(update.body == "Authentication Error: Environment must be one of: live, test.")
            let renamed = try await api.post("RegApplication/\(quinyx)", #"{"tagText": "Quinyx renamed", "credentialsJson": "{\"environment\": \"live\"}"}"#)
            #expect(renamed.status == 200)
            let registered = try await api.get("RegApplications").decode([RegisteredApplication].self)
            #expect(registered.first { $0.id.rawValue == quinyx }?.tagText == "Quinyx renamed")
            #expect(!(try await api.get("RegApplications").body.contains("e16d092b")), "credentials are write-only")
        }
    }

    @Test("a workflow's applications must fill slots its template has")
    func slots() async throws {
        try await Self.withEmulator { api throws in
            let (quinyx, ftp) = try await api.registerQuinyxAndFTP()
            let unknownSlot = try await api.post(
                "Workflow", #"{"workflowTemplateId": "\#(Self.demoTemplate)", "applications": {"MYST2": "\#(quinyx)"}}"#
            )
            #expect(unknownSlot.status == 400)
            #expect(unknownSlot.body == "Workflow template Demo workflow has no application MYST2; its applications are QUIN, FTP.")
            let swapped = try await api.createWorkflow(name: "swapped", quinyx: ftp, ftp: quinyx)
            #expect(swapped.status == 400)
            #expect(swapped.body.hasPrefix("Application FTP of workflow template Demo workflow must be a registered FTP Server application"))
            let unknownVariable = try await api.post(
                "Workflow", #"{"workflowTemplateId": "\#(Self.demoTemplate)", "applications": {}, "variables": {"nope": 1}}"#
            )
            #expect(unknownVariable.status == 400)
            #expect(unknownVariable.body == "Workflow template Demo workflow has no variable nope.")
        }
    }

    // MARK: Workflows

    @Test("a new workflow reads back as the document shows: Ready, not scheduled, the default frequency, no chain or variables")
    func newWorkflow() async throws {
        try await Self.withEmulator { api throws in
            let (quinyx, ftp) = try await api.registerQuinyxAndFTP()
            // The document's create example, with this emulator's registered applications.
            let created = try await api.post("Workflow", """
                {"workflowTemplateId": "\(Self.exportTemplate)", "name": "Test Quinyx Employee Export Into FTP(CSV)",
                 "applications": {"QUIN": "\(quinyx)", "FTP": "\(ftp)"},
                 "chain": [{"uniqueBlockId": "02d1424a-da90-4c12-9c28-96162e624bd7"}],
                 "variables": {"apiKeys": ["xxxx-xxxx-xxxx-xxxx"], "badgeNo": null}}
                """)
            #expect(created.status == 200)
            let id = try created.id()
            let reply = try await api.get("Workflow/\(id)")
            let raw = try #require(try reply.json() as? [String: Any])
            #expect(raw["chain"] == nil && raw["variables"] == nil)
            #expect(raw["schedulerFrequency"] as? String == #"{"cronSchedule":"0 0 * ? * *"}"#)
            let workflow = try reply.decode(Workflow.self)
            #expect(workflow.name == "Test Quinyx Employee Export Into FTP(CSV)")
            #expect(workflow.status == "Ready")
            #expect(workflow.isScheduled == false)
            #expect(workflow.workflowTemplateId?.rawValue == Self.exportTemplate)
            #expect(workflow.regApplicationIds?.map(\.rawValue) == [quinyx, ftp])
            #expect(workflow.accountId?.rawValue == "aae3f328-a561-4171-a0e9-19f6047c154b")

            // An update by id changes what it names.
            let other = try await api.post("RegApplication", Self.quinyxBody).id()
            let updated = try await api.post("Workflow/\(id)", #"{"name": "renamed", "applications": {"QUIN": "\#(other)"}}"#)
            #expect(updated.status == 200)
            let after = try await api.get("Workflows").decode([Workflow].self)
            #expect(after.map(\.name) == ["renamed"])
            #expect(after.first?.regApplicationIds?.map(\.rawValue) == [other, ftp])
        }
    }

    @Test("WorkflowScheduler, RunWorkflow and DeployWorkflow answer the document's texts")
    func schedulerAndRun() async throws {
        try await Self.withEmulator { api throws in
            let (quinyx, ftp) = try await api.registerQuinyxAndFTP()
            let id = try await api.createWorkflow(name: "w", quinyx: quinyx, ftp: ftp).id()
            let enable = #"{"workflowId": "\#(id)", "isScheduled": true, "scheduleFrequency": "{\"cronSchedule\":\"0 0/5 * ? * * *\"}"}"#
            let enabled = try await api.post("WorkflowScheduler", enable)
            #expect(enabled.status == 200)
            #expect(enabled.body == "Workflow Scheduler enabled")
            var workflow = try await api.get("Workflow/\(id)").decode(Workflow.self)
            #expect(workflow.isScheduled == true)
            #expect(workflow.schedulerFrequency?.cronSchedule == "0 0/5 * ? * * *")

            let disable = #"{"workflowId": "\#(id)", "isScheduled": false, "scheduleFrequency": "{ \"cronSchedule\": \"0 0/5 * ? * * *\"}"}"#
            let disabled = try await api.post("WorkflowScheduler", disable)
            #expect(disabled.body == "Workflow Scheduler disabled")
            workflow = try await api.get("Workflow/\(id)").decode(Workflow.self)
            #expect(workflow.isScheduled == false)

            for body in [#"{"workflowId": "\#(id)"}"#, #"{"workflowId": "\#(id)", "runTillBlock": 2}"#, #"{"workflowId": "\#(id)", "runFromBlock": 2, "runTillBlock": 3}"#] {
                let run = try await api.post("RunWorkflow", body)
                #expect(run.status == 200)
                #expect(run.body == "Workflow will now run")
            }
            #expect(try await api.get("Workflow/\(id)").decode(Workflow.self).dateLastRun != nil)
            #expect(try await api.get("DeployWorkflow/\(id)").status == 200)
        }
    }

    @Test("templates: the list form and the detailed form of the document; help endpoints")
    func templatesAndHelp() async throws {
        try await Self.withEmulator { api throws in
            let list = try await api.get("WorkflowTemplates").decode([WorkflowTemplate].self)
            #expect(list.map(\.name) == ["Demo workflow", "Quinyx Employee Export Into FTP(CSV)"])
            let summary = try #require(list.first)
            #expect(summary.chain?.first?.variables?["amountToObtain"] == BlockVariable(variableSource: 2, variableName: "amountToObtainWfQ", value: "10"))
            #expect(summary.variables?["amountToObtainWfQ"] == TemplateVariable(value: "10"))
            #expect(summary.applications?.compactMap(\.shortName) == ["QUIN", "FTP"])

            let detail = try await api.get("WorkflowTemplate/\(Self.demoTemplate)?isDraft=false").decode(WorkflowTemplate.self)
            #expect(detail.chain?.map(\.blockName) == ["Get Employees", "Mapper", "Post Employees"])
            #expect(detail.chain?.first?.variables?["amountToObtain"]?.name == "Amount to obtain")
            #expect(detail.variables?["locationsMapping"]?.type == "LOOKUP_TABLE")
            #expect(detail.variables?["locationsMapping"]?.tagName == "LocationsMapping")
            #expect(try Self.isStateError(try await api.get("WorkflowTemplate/1be52876-aca2-4ece-ba31-11e0d98ddc19"), "Unknown workflow template 1be52876-aca2-4ece-ba31-11e0d98ddc19"))

            let catalog = try await api.get("Applications").decode([CatalogApplication].self)
            #expect(catalog.compactMap(\.shortName) == ["TASO", "QUIN", "HRTM", "FTP", "CMAF", "MSQL"])

            let methods = try await api.get("GetMetaData", auth: .none).decode([ApiMethodDescription].self)
            #expect(methods.count == 15)
            #expect(methods.contains { $0.name == "Workflow" && $0.verb == "POST" && $0.returns == "Guid" })
            let describe = try await api.get("Describe?name=AddWorkflowApiDto", auth: .none).decode([PropertyDescription].self)
            #expect(describe == [
                PropertyDescription(typeName: "guid", propertyName: "workflowTemplateId", genericParameters: "", isRequired: true),
                PropertyDescription(typeName: "string", propertyName: "name", genericParameters: "", isRequired: false),
                PropertyDescription(typeName: "string", propertyName: "description", genericParameters: "", isRequired: false),
                PropertyDescription(typeName: "dictionary", propertyName: "applications", genericParameters: "string,guid", isRequired: true),
                PropertyDescription(typeName: "iEnumerable", propertyName: "chain", genericParameters: "chainApiDto", isRequired: false),
            ])
            #expect(try await api.get("Describe?name=RunMetadataApiDto", auth: .none).decode([PropertyDescription].self).map(\.propertyName) == [
                "workflowId", "runFromBlock", "runTillBlock",
            ])
            let unknown = try await api.get("Describe?name=NoSuchDto", auth: .none)
            #expect(unknown.status == 400)
            #expect(unknown.body == "Unknown type NoSuchDto.")
        }
    }

    @Test("a body that is not the documented type is a 400 that says what is wrong")
    func malformedBody() async throws {
        try await Self.withEmulator { api throws in
            let reply = try await api.post("Workflow", #"{"name": "no template"}"#)
            #expect(reply.status == 400)
            #expect(reply.body.contains("workflowTemplateId"))
            #expect(try await api.post("RunWorkflow", "not json").status == 400)
        }
    }

    // MARK: Data file

    @Test("the data file keeps keys, applications and workflows across a restart, and is replaced whole")
    func persistence() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("emulator.json").path
        let configuration = EmulatorConfiguration(dataFile: path)

        let (keys, quinyx, workflow, account) = try await Self.withEmulator(configuration) { api throws in
            let (quinyx, ftp) = try await api.registerQuinyxAndFTP(account: Self.oslo)
            let workflow = try await api.createWorkflow(name: "kept", quinyx: quinyx, ftp: ftp, account: Self.oslo).id()
            let account = try await api.post("Account", #"{"firstName": "New", "lastName": "Person", "email": "new@example.com"}"#).id()
            return ((api.emulator.consumerKey, api.emulator.secretKey), quinyx, workflow, account)
        }
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["emulator.json"], "no temporary file is left behind")

        try await Self.withEmulator(configuration) { api throws in
            #expect(api.emulator.consumerKey == keys.0, "keys not given are kept in the data file")
            #expect(api.emulator.secretKey == keys.1)
            let apps = try await api.get("RegApplications", account: Self.oslo).decode([RegisteredApplication].self)
            #expect(apps.map(\.id.rawValue).contains(quinyx))
            let workflows = try await api.get("Workflows", account: Self.oslo).decode([Workflow].self)
            #expect(workflows.map(\.id.rawValue) == [workflow])
            #expect(try await api.get("Accounts").decode([Account].self).contains { $0.id.rawValue == account })
            // Credentials survived too: deleting is refused for the workflow, allowed after it is gone.
            #expect(try await api.get("DeleteRegApplication/\(quinyx)", account: Self.oslo).status == 400)
            #expect(try await api.get("DeleteWorkflow/\(workflow)", account: Self.oslo).status == 200)
        }

        try await Self.withEmulator(configuration) { api throws in
            #expect(try await api.get("Workflows", account: Self.oslo).body == "[]", "the delete was saved")
        }
    }

    @Test("a file that is not an emulator data file is refused, not overwritten")
    func foreignDataFile() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("notes.json").path
        try Data("{\"hello\": 1}".utf8).write(to: URL(fileURLWithPath: path))
        await #expect(throws: EmulatorStartError.self) { try await CanvasEmulator.start(EmulatorConfiguration(dataFile: path)) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{\"hello\": 1}")
    }

    // MARK: Knobs

    /// The statuses of `count` GET Applications, nil for a dropped connection.
    static func statuses(_ configuration: EmulatorConfiguration, count: Int) async throws -> [Int?] {
        try await withEmulator(configuration) { api throws in
            var statuses: [Int?] = []
            for _ in 0..<count {
                let reply = try await api.sendAllowingDrops(.GET, "Applications")
                if reply.status == 429 { #expect(reply.headers.first(name: "Retry-After") == "1") }
                if reply.status == 500 { #expect(try isStateError(reply, "Injected failure")) }
                statuses.append(reply.status)
            }
            return statuses
        }
    }

    @Test("a fail rate with a seed fails the same requests the same way every run")
    func failRateRepeats() async throws {
        let configuration = EmulatorConfiguration(failRate: 0.5, seed: 42)
        let first = try await Self.statuses(configuration, count: 60)
        let second = try await Self.statuses(configuration, count: 60)
        #expect(first == second)
        #expect(first.contains(200))
        #expect(first.contains(500))
        #expect(first.contains(429))
        #expect(first.contains(nil), "some connections are dropped")
        let other = try await Self.statuses(EmulatorConfiguration(failRate: 0.5, seed: 43), count: 60)
        #expect(other != first, "another seed, another sequence")
    }

    @Test("the help endpoints are never failed")
    func helpNeverFails() async throws {
        try await Self.withEmulator(EmulatorConfiguration(failRate: 1)) { api throws in
            for _ in 0..<10 {
                #expect(try await api.get("GetMetaData", auth: .none).status == 200)
                #expect(try await api.get("Describe?name=AddWorkflowApiDto", auth: .none).status == 200)
            }
            #expect(try await api.sendAllowingDrops(.GET, "Applications").status != 200)
        }
    }

    @Test("latency is added to every response")
    func latency() async throws {
        try await Self.withEmulator(EmulatorConfiguration(latencyMilliseconds: 150)) { api throws in
            let clock = ContinuousClock()
            let elapsed = try await clock.measure { () async throws in
                #expect(try await api.get("GetMetaData", auth: .none).status == 200)
            }
            #expect(elapsed >= .milliseconds(150))
        }
    }

    @Test("the request log has one JSON line per request: method, path, account, status")
    func requestLog() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("requests.jsonl").path
        try await Self.withEmulator(EmulatorConfiguration(requestLog: path)) { api throws in
            _ = try await api.get("Applications")
            _ = try await api.get("RegApplications", account: Self.oslo.uppercased())
            _ = try await api.get("Workflows", auth: .none)
            _ = try await api.post("RunWorkflow", #"{"workflowId": "0fdfd78c-258f-49ed-9e8c-faef9d6598fa"}"#, account: Self.bergen)
            _ = try await api.get("GetMetaData", auth: .none)
        }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines == [
            #"{"method":"GET","path":"/api/Applications","account":null,"status":200}"#,
            #"{"method":"GET","path":"/api/RegApplications","account":"\#(Self.oslo)","status":200}"#,
            #"{"method":"GET","path":"/api/Workflows","account":null,"status":401}"#,
            #"{"method":"POST","path":"/api/RunWorkflow","account":"\#(Self.bergen)","status":500}"#,
            #"{"method":"GET","path":"/api/GetMetaData","account":null,"status":200}"#,
        ])
    }

    @Test("the request log records dropped connections with a null status")
    func requestLogDrops() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("requests.jsonl").path
        let statuses = try await Self.statuses(EmulatorConfiguration(failRate: 0.5, seed: 42, requestLog: path), count: 30)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == statuses.count)
        for (line, status) in zip(lines, statuses) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["method"] as? String == "GET")
            #expect(object["path"] as? String == "/api/Applications")
            #expect(object["account"] is NSNull)
            if let status {
                #expect(object["status"] as? Int == status)
            } else {
                #expect(object["status"] is NSNull)
            }
        }
    }
}
