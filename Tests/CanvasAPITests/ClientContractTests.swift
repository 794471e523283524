import JSONSupport
import CanvasAPI
import CanvasEmulator
import Foundation
import Logging
import Testing

/// The client and the emulator as the two sides of one contract: each documented call, sent by the
/// client to the emulator, answers the documented shape, and each documented error comes back as a
/// typed error carrying the API's message.
struct ClientContractTests {
    static let quinyx = CanvasID("97cbc3b3-32c7-4e4a-b788-a332ea82aeff")!
    static let ftp = CanvasID("5f814909-01ea-4395-96ee-5ba7614128fc")!
    static let demoTemplate = CanvasID("c35de990-ccfa-4aab-966e-96e0b3044d71")!
    static let oslo = CanvasID("be4f3f1e-0e6d-4f68-b8d8-546163c5dfad")!
    static let bergen = CanvasID("78e83bd6-32b1-41b6-b172-9e6dc88d6477")!

    /// Runs `body` against a fresh emulator and a client with the emulator's keys.
    static func withEmulator<T>(
        _ configuration: EmulatorConfiguration = EmulatorConfiguration(),
        credentials: ((RunningEmulator) -> CanvasCredentials)? = nil,
        retry: RetryPolicy = RetryPolicy(maxAttempts: 8, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5), maxRetryAfter: .milliseconds(5)),
        logger: Logger = Logger(label: "test"),
        _ body: (CanvasClient, RunningEmulator) async throws -> T
    ) async throws -> T {
        let emulator = try await CanvasEmulator.start(configuration)
        do {
            let keys = credentials?(emulator) ?? .keys(consumer: emulator.consumerKey, secret: emulator.secretKey)
            let client = try CanvasClient(
                configuration: CanvasClientConfiguration(baseURL: emulator.baseURL, credentials: keys, retry: retry),
                logger: logger
            )
            let result = try await body(client, emulator)
            await emulator.shutdown()
            return result
        } catch {
            await emulator.shutdown()
            throw error
        }
    }

    static func quinyxApplication(tag: String = "Quinyx 2022-04-28") -> AddRegApplicationApiDto {
        AddRegApplicationApiDto(applicationId: quinyx, tagText: tag, credentials: ["apikey": "e16d092b-577a-4d49-ae1e-87b993dc5fa9", "environment": "test"])
    }

    static func ftpApplication(tag: String = "FTP 2022-05-03") -> AddRegApplicationApiDto {
        AddRegApplicationApiDto(
            applicationId: ftp, tagText: tag,
            credentials: ["address": "ftp.example.com", "port": 21, "username": "demo", "password": "pw-123456", "secure": true]
        )
    }

    @Test("help endpoints answer without keys")
    func help() async throws {
        try await Self.withEmulator(credentials: { _ in .keys(consumer: "wrong", secret: "wrong") }) { client, _ in
            let methods = try await client.metaData()
            #expect(methods.contains { $0.name == "Workflow" && $0.verb == "POST" })
            let properties = try await client.describe("AddWorkflowApiDto")
            #expect(properties.map(\.propertyName) == ["workflowTemplateId", "name", "description", "applications", "chain"])
        }
    }

    @Test("authenticate, accounts and the catalog")
    func readOnly() async throws {
        try await Self.withEmulator { client, _ in
            let answer1 = try await client.authenticate()
            #expect(answer1 == .accepted(true))
            let accounts = try await client.accounts()
            #expect(accounts.map(\.firstName).contains("John"))
            let catalog = try await client.applications()
            let quinyx = try #require(catalog.first { $0.shortName == "QUIN" })
            #expect(quinyx.id == Self.quinyx)
            let environment = try #require(quinyx.credentialFields?.first { $0.shortName == "environment" })
            #expect(environment.type == "select")
            #expect(environment.choices.map(\.value) == ["live", "test"])
            let templates = try await client.workflowTemplates()
            #expect(templates.contains { $0.name == "Demo workflow" })
            let template = try await client.workflowTemplate(Self.demoTemplate)
            #expect(template.variables?["locationsMapping"]?.type == "LOOKUP_TABLE")
            #expect(template.chain?.map(\.blockName) == ["Get Employees", "Mapper", "Post Employees"])
        }
    }

    @Test("the whole life of an application and a workflow")
    func lifecycle() async throws {
        try await Self.withEmulator { client, _ in
            let quinyxID = try await client.createRegisteredApplication(Self.quinyxApplication())
            let ftpID = try await client.createRegisteredApplication(Self.ftpApplication())
            var registered = try await client.registeredApplications()
            #expect(Set(registered.map(\.id)) == [quinyxID, ftpID])
            #expect(registered.first { $0.id == quinyxID }?.tagText == "Quinyx 2022-04-28")

            try await client.updateRegisteredApplication(quinyxID, EditRegApplicationApiDto(tagText: "Quinyx renamed"))
            registered = try await client.registeredApplications()
            #expect(registered.first { $0.id == quinyxID }?.tagText == "Quinyx renamed")

            let workflowID = try await client.createWorkflow(AddWorkflowApiDto(
                workflowTemplateId: Self.demoTemplate, name: "Employee export", description: "Nightly",
                applications: ["QUIN": quinyxID, "FTP": ftpID],
                variables: ["amountToObtainWfQ": "10"]
            ))
            var workflow = try await client.workflow(workflowID)
            #expect(workflow.name == "Employee export")
            #expect(workflow.isScheduled == false)
            #expect(workflow.schedulerFrequency?.cronSchedule == "0 0 * ? * *")
            #expect(Set(workflow.regApplicationIds ?? []) == [quinyxID, ftpID])

            try await client.updateWorkflow(workflowID, EditWorkflowApiDto(name: "Employee export v2", description: "Nightly"))
            let enabled = try await client.updateScheduler(UpdateWorkfowSchedulerApiDto(
                workflowId: workflowID, isScheduled: true, scheduleFrequency: SchedulerFrequency(cronSchedule: "0 0/5 * ? * * *")
            ))
            #expect(enabled == "Workflow Scheduler enabled")
            let answer2 = try await client.workflows()
            workflow = try #require(answer2.first { $0.id == workflowID })
            #expect(workflow.name == "Employee export v2")
            #expect(workflow.isScheduled == true)
            #expect(workflow.schedulerFrequency?.cronSchedule == "0 0/5 * ? * * *")
            let disabled = try await client.updateScheduler(UpdateWorkfowSchedulerApiDto(
                workflowId: workflowID, isScheduled: false, scheduleFrequency: SchedulerFrequency(cronSchedule: "0 0/5 * ? * * *")
            ))
            #expect(disabled == "Workflow Scheduler disabled")

            try await client.deployWorkflow(workflowID)
            let answer3 = try await client.runWorkflow(RunMetadataApiDto(workflowId: workflowID))
            #expect(answer3 == "Workflow will now run")
            let answer4 = try await client.runWorkflow(RunMetadataApiDto(workflowId: workflowID, runTillBlock: 2))
            #expect(answer4 == "Workflow will now run")
            let answer5 = try await client.runWorkflow(RunMetadataApiDto(workflowId: workflowID, runFromBlock: 2, runTillBlock: 3))
            #expect(answer5 == "Workflow will now run")

            // An application in use cannot be deleted; the error names the workflow.
            await #expect {
                try await client.deleteRegisteredApplication(quinyxID)
            } throws: { error in
                guard let error = error as? CanvasAPIError else { return false }
                return error.kind == .applicationInUse(workflows: [workflowID]) && error.status == 400
            }

            try await client.deleteWorkflow(workflowID)
            let answer6 = try await client.workflows()
            #expect(answer6.isEmpty)
            try await client.deleteRegisteredApplication(quinyxID)
            try await client.deleteRegisteredApplication(ftpID)
            let answer7 = try await client.registeredApplications()
            #expect(answer7.isEmpty)
        }
    }

    static func apiError(_ body: () async throws -> Void) async -> CanvasAPIError? {
        do {
            try await body()
            return nil
        } catch let error as CanvasAPIError {
            return error
        } catch {
            return nil
        }
    }

    @Test("documented errors come back with the API's message")
    func documentedErrors() async throws {
        try await Self.withEmulator { client, _ in
            let unknown = CanvasID("1be52876-aca2-4ece-ba31-11e0d98ddc19")!
            let unknownTemplate = await Self.apiError {
                _ = try await client.createWorkflow(AddWorkflowApiDto(workflowTemplateId: unknown, name: "x", applications: [:]))
            }
            #expect(unknownTemplate?.status == 500)
            #expect(unknownTemplate?.message == "Unknown workflow template 1be52876-aca2-4ece-ba31-11e0d98ddc19")
            #expect(unknownTemplate?.description == "POST Workflow failed (HTTP 500): Unknown workflow template 1be52876-aca2-4ece-ba31-11e0d98ddc19")

            let undeclaredWorkflow = await Self.apiError { try await client.updateWorkflow(unknown, EditWorkflowApiDto(name: "x")) }
            #expect(undeclaredWorkflow?.message == "Undeclared RegisteredCanvasWorkflow key")

            let undeclaredApplication = await Self.apiError { try await client.deleteRegisteredApplication(unknown) }
            #expect(undeclaredApplication?.message == "Undeclared RegisteredApplication")

            let missingCredentials = await Self.apiError {
                _ = try await client.createRegisteredApplication(AddRegApplicationApiDto(applicationId: Self.ftp, tagText: "FTP", credentials: ["secure": true]))
            }
            #expect(missingCredentials?.status == 400)
            #expect(missingCredentials?.message.hasPrefix("Authentication Error: You must enter a value for") == true)
        }
    }

    @Test("wrong keys are a 401 that says so; a bearer token is accepted")
    func authentication() async throws {
        try await Self.withEmulator(credentials: { _ in .keys(consumer: "not-the-consumer", secret: "not-the-secret") }) { client, _ in
            let error = await Self.apiError { _ = try await client.registeredApplications() }
            #expect(error?.kind == .unauthorized)
            #expect(error?.status == 401)
            #expect(error?.description.contains("keys are wrong or missing") == true)
            #expect(error?.attempts == 1, "a 401 is not retried")
        }
        try await Self.withEmulator(credentials: { .bearer(token: $0.token) }) { client, _ in
            let answer8 = try await client.registeredApplications()
            #expect(answer8.isEmpty)
        }
    }

    @Test("account A never sees account B's resources")
    func isolation() async throws {
        try await Self.withEmulator { client, _ in
            let osloApp = try await client.createRegisteredApplication(Self.quinyxApplication(tag: "Oslo"), account: Self.oslo)
            let bergenApps = try await client.registeredApplications(account: Self.bergen)
            #expect(bergenApps.isEmpty)
            let answer9 = try await client.registeredApplications(account: Self.oslo)
            #expect(answer9.map(\.id) == [osloApp])
            let answer10 = try await client.registeredApplications()
            #expect(answer10.isEmpty, "the keys' own account is another account")
            let crossAccount = await Self.apiError { try await client.deleteRegisteredApplication(osloApp, account: Self.bergen) }
            #expect(crossAccount?.message == "Undeclared RegisteredApplication")
        }
    }

    @Test("a non-TLS URL to another machine is refused before any call")
    func insecureURL() throws {
        #expect(throws: CanvasAPIError.self) {
            _ = try CanvasClient(configuration: CanvasClientConfiguration(baseURL: "http://canvas.example.com/api", credentials: .bearer(token: "t")))
        }
        _ = try CanvasClient(configuration: CanvasClientConfiguration(baseURL: "http://canvas.example.com/api", credentials: .bearer(token: "t"), allowInsecureHTTP: true))
        _ = try CanvasClient(configuration: CanvasClientConfiguration(baseURL: "http://127.0.0.1:1/api", credentials: .bearer(token: "t")))
        _ = try CanvasClient(configuration: CanvasClientConfiguration(baseURL: "http://localhost:8080/api", credentials: .bearer(token: "t")))
        // A name that only looks like a loopback address is another machine.
        #expect(throws: CanvasAPIError.self) {
            _ = try CanvasClient(configuration: CanvasClientConfiguration(baseURL: "http://127.evil.example/api", credentials: .bearer(token: "t")))
        }
        #expect(throws: CanvasAPIError.self) {
            _ = try CanvasClient(configuration: CanvasClientConfiguration(baseURL: "ftp://127.0.0.1/api", credentials: .bearer(token: "t")))
        }
        _ = try CanvasClient(configuration: CanvasClientConfiguration(baseURL: "https://canvas.connectmyapps.com/api", credentials: .bearer(token: "t")))
    }
}
