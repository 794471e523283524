import CanvasAPI
import Foundation
import Hummingbird
import NIOCore

/// Every endpoint of `canvas-rest-api.txt`, under `/api`: it turns requests into calls on the
/// ``EmulatorStore`` and its answers into responses. Paths match case-insensitively, as ASP.NET
/// routes do.
struct EmulatorRoutes: Sendable {
    let store: EmulatorStore
    let keys: EmulatorKeys

    func router() -> Router<EmulatorRequestContext> {
        let router = Router(context: EmulatorRequestContext.self, options: .caseInsensitive)
        let api = router.group("api")

        // Help: no keys needed.
        api.get("GetMetaData") { _, _ in EmulatorResponse.json(ApiReference.methods) }
        api.get("Describe") { request, _ in Self.describe(request) }

        let authenticated = api.group().add(middleware: EmulatorAuthenticator(keys: keys, store: store))
        let store = store
        let applicationLists = RecordListEncoder<RegisteredApplication> { $0.id }
        let workflowLists = RecordListEncoder<Workflow> { $0.id }

        // The current document answers a bare `true` (older versions answered a token pair).
        authenticated.get("Authenticate") { _, _ in EmulatorResponse.json(true) }

        // Organisation.
        authenticated.get("Accounts") { _, _ in EmulatorResponse.json(await store.accounts()) }
        authenticated.post("Account") { request, context in
            await Self.answer(request, context, AddAccountApiDto.self) { body, _ throws(EmulatorError) in
                EmulatorResponse.id(try await store.addAccount(body))
            }
        }

        // Applications.
        authenticated.get("Applications") { _, _ in EmulatorResponse.json(store.catalog) }
        authenticated.get("RegApplications") { _, context in
            let account = try Self.account(context)
            let answer = await applicationLists.answer(account: account) { known in
                await store.registeredApplications(account: account, unlessUnchangedSince: known)
            }
            return EmulatorResponse.json(buffer: answer)
        }
        authenticated.post("RegApplication") { request, context in
            await Self.answer(request, context, AddRegApplicationApiDto.self) { body, account throws(EmulatorError) in
                let id = try await store.registerApplication(body, account: account)
                if let registered = await store.registeredApplication(id, account: account) { applicationLists.keep(registered, account: account) }
                return EmulatorResponse.id(id)
            }
        }
        authenticated.post("RegApplication/:id") { request, context in
            await Self.answer(request, context, EditRegApplicationApiDto.self) { body, account throws(EmulatorError) in
                guard let id = Self.id(context) else { throw .undeclaredApplication }
                try await store.editRegisteredApplication(id, body, account: account)
                if let registered = await store.registeredApplication(id, account: account) { applicationLists.keep(registered, account: account) }
                return EmulatorResponse.empty()
            }
        }
        authenticated.get("DeleteRegApplication/:id") { _, context in
            await Self.answer(context) { account throws(EmulatorError) in
                guard let id = Self.id(context) else { throw .undeclaredApplication }
                try await store.deleteRegisteredApplication(id, account: account)
                return EmulatorResponse.empty()
            }
        }

        // Workflow templates.
        authenticated.get("WorkflowTemplates") { _, _ in EmulatorResponse.json(store.workflowTemplateSummaries()) }
        authenticated.get("WorkflowTemplate/:id") { _, context in
            await Self.answer(context) { _ throws(EmulatorError) in
                guard let id = Self.id(context) else { throw .server("Unknown workflow template \(context.parameters.get("id") ?? "")") }
                return EmulatorResponse.json(try store.workflowTemplate(id))
            }
        }

        // Workflows.
        authenticated.get("Workflows") { _, context in
            let account = try Self.account(context)
            let answer = await workflowLists.answer(account: account) { known in
                await store.workflows(account: account, unlessUnchangedSince: known)
            }
            return EmulatorResponse.json(buffer: answer)
        }
        authenticated.get("Workflow/:id") { _, context in
            await Self.answer(context) { account throws(EmulatorError) in
                guard let id = Self.id(context) else { throw .undeclaredWorkflow }
                return EmulatorResponse.json(try await store.workflow(id, account: account))
            }
        }
        authenticated.post("Workflow") { request, context in
            await Self.answer(request, context, AddWorkflowApiDto.self) { body, account throws(EmulatorError) in
                let id = try await store.addWorkflow(body, account: account)
                if let workflow = try? await store.workflow(id, account: account) { workflowLists.keep(workflow, account: account) }
                return EmulatorResponse.id(id)
            }
        }
        authenticated.post("Workflow/:id") { request, context in
            await Self.answer(request, context, EditWorkflowApiDto.self) { body, account throws(EmulatorError) in
                guard let id = Self.id(context) else { throw .undeclaredWorkflow }
                try await store.editWorkflow(id, body, account: account)
                if let workflow = try? await store.workflow(id, account: account) { workflowLists.keep(workflow, account: account) }
                return EmulatorResponse.empty()
            }
        }
        authenticated.get("DeployWorkflow/:id") { _, context in
            await Self.answer(context) { account throws(EmulatorError) in
                guard let id = Self.id(context) else { throw .undeclaredWorkflow }
                try await store.deployWorkflow(id, account: account)
                return EmulatorResponse.empty()
            }
        }
        authenticated.get("DeleteWorkflow/:id") { _, context in
            await Self.answer(context) { account throws(EmulatorError) in
                guard let id = Self.id(context) else { throw .undeclaredWorkflow }
                try await store.deleteWorkflow(id, account: account)
                // GetMetaData says DeleteWorkflow "returns Guid": the deleted id.
                return EmulatorResponse.id(id)
            }
        }
        authenticated.post("RunWorkflow") { request, context in
            await Self.answer(request, context, RunMetadataApiDto.self) { body, account throws(EmulatorError) in
                try await store.runWorkflow(body, account: account)
                return EmulatorResponse.text("Workflow will now run")
            }
        }
        authenticated.post("WorkflowScheduler") { request, context in
            await Self.answer(request, context, UpdateWorkfowSchedulerApiDto.self) { body, account throws(EmulatorError) in
                let enabled = try await store.updateScheduler(body, account: account)
                if let workflow = try? await store.workflow(body.workflowId, account: account) { workflowLists.keep(workflow, account: account) }
                return EmulatorResponse.text(enabled ? "Workflow Scheduler enabled" : "Workflow Scheduler disabled")
            }
        }
        return router
    }

    /// `GET Describe?name=`: the query parameter's name matches case-insensitively, as in ASP.NET.
    /// An unknown or missing name is a 400 with a sentence (the document shows no error for it).
    static func describe(_ request: Request) -> Response {
        let name = request.uri.queryParameters.first { $0.key.lowercased() == "name" }.map { String($0.value) } ?? ""
        guard let properties = ApiReference.describe(name) else {
            return EmulatorResponse.text(name.isEmpty ? "Give the type to describe as ?name=." : "Unknown type \(name).", status: .badRequest)
        }
        return EmulatorResponse.json(properties)
    }

    // MARK: Helpers

    /// The request's account; the authenticator always sets it on these routes.
    static func account(_ context: EmulatorRequestContext) throws(EmulatorError) -> CanvasID {
        guard let account = context.account else { throw .unauthorized }
        return account
    }

    /// The `{id}` path parameter; nil when it is not a GUID (then treated as an unknown id).
    static func id(_ context: EmulatorRequestContext) -> CanvasID? {
        context.parameters.get("id").flatMap { CanvasID($0) }
    }

    /// Runs `body` for the request's account, turning a refusal into its response.
    static func answer(
        _ context: EmulatorRequestContext,
        _ body: (CanvasID) async throws(EmulatorError) -> Response
    ) async -> Response {
        do {
            return try await body(try account(context))
        } catch {
            return EmulatorResponse.error(error)
        }
    }

    /// Decodes the request body as `Body` (a 400 with the decoder's reason when it is not one; the
    /// document does not show that answer) and runs `body` with it.
    static func answer<Body: Decodable>(
        _ request: Request,
        _ context: EmulatorRequestContext,
        _ type: Body.Type,
        _ body: (Body, CanvasID) async throws(EmulatorError) -> Response
    ) async -> Response {
        var request = request
        let decoded: Body
        do {
            let buffer = try await request.collectBody(upTo: context.maxUploadSize)
            decoded = try JSONDecoder().decode(Body.self, from: Data(buffer.readableBytesView))
        } catch {
            return EmulatorResponse.text("The request body is not a valid \(Self.dtoName(Body.self)): \(Self.describe(error))", status: .badRequest)
        }
        return await answer(context) { account throws(EmulatorError) in try await body(decoded, account) }
    }

    private static func dtoName(_ type: Any.Type) -> String {
        String(describing: type)
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .dataCorrupted(let context):
            return Self.path(context) + context.debugDescription
        case .keyNotFound(let key, let context):
            return Self.path(context) + "the property \(key.stringValue) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return Self.path(context) + context.debugDescription
        @unknown default:
            return "\(error)"
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.map(\.stringValue).joined(separator: ".")
        return path.isEmpty ? "" : "\(path): "
    }
}
