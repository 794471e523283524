import JSONSupport
import CanvasAPI
import CanvasEmulator
import Foundation
import Testing

/// The document's own example requests (Fixtures/), sent by the client to the emulator. Ids in the
/// examples name resources of the document's account; they are replaced by the ids of resources
/// created here, and nothing else in the bodies is changed.
struct DocumentedRequestTests {
    static func fixture<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    @Test("the documented create, edit, run, scheduler and account requests answer as documented")
    func documentedRequests() async throws {
        try await ClientContractTests.withEmulator { client, _ in
            // RegApplication, body example 1 (Quinyx): answers the new id.
            let quinyx = try await client.createRegisteredApplication(try Self.fixture("add-reg-application-1.json", as: AddRegApplicationApiDto.self))
            // Body example 2 (FTP with null credentials): the document's 400, line for line.
            let ftpExample = try Self.fixture("add-reg-application-2.json", as: AddRegApplicationApiDto.self)
            do throws(CanvasAPIError) {
                _ = try await client.createRegisteredApplication(ftpExample)
                Issue.record("the FTP example without credentials must be refused")
            } catch {
                #expect(error.status == 400)
                #expect(error.message == """
                    Authentication Error: You must enter a value for User name.
                    You must enter a value for Password.
                    You must enter a value for Port.
                    You must enter a value for Server address.
                    """)
            }
            let ftp = try await client.createRegisteredApplication(ClientContractTests.ftpApplication())

            // Edit (rename/reauth), body example 1.
            try await client.updateRegisteredApplication(quinyx, try Self.fixture("edit-reg-application.json", as: EditRegApplicationApiDto.self))
            let registered = try await client.registeredApplications()
            #expect(registered.first { $0.id == quinyx }?.tagText == "Quinyx 2022-04-28")

            // Workflow, body example, with the slots pointing at the applications made above.
            var workflowExample = try Self.fixture("add-workflow.json", as: AddWorkflowApiDto.self)
            workflowExample.applications = ["QUIN": quinyx, "FTP": ftp]
            let workflowID = try await client.createWorkflow(workflowExample)
            let workflow = try await client.workflow(workflowID)
            #expect(workflow.name == "Test Quinyx Employee Export Into FTP(CSV)")
            #expect(workflow.workflowTemplateId == CanvasID("bbe52876-aca2-4ece-ba31-11e0d98ddc19"))

            // RunWorkflow, body examples 1 to 3.
            for name in ["run-workflow-1.json", "run-workflow-2.json", "run-workflow-3.json"] {
                var run = try Self.fixture(name, as: RunMetadataApiDto.self)
                run.workflowId = workflowID
                let answer = try await client.runWorkflow(run)
                #expect(answer == "Workflow will now run")
            }

            // WorkflowScheduler, body example.
            var scheduler = try Self.fixture("workflow-scheduler.json", as: UpdateWorkfowSchedulerApiDto.self)
            scheduler.workflowId = workflowID
            let schedulerAnswer = try await client.updateScheduler(scheduler)
            #expect(schedulerAnswer == "Workflow Scheduler enabled")
            let scheduled = try await client.workflow(workflowID)
            #expect(scheduled.isScheduled == true)
            #expect(scheduled.schedulerFrequency?.cronSchedule == "0 0/5 * ? * * *")

            // Account, body example: created once, then "Account has already been created".
            let account = try Self.fixture("add-account.json", as: AddAccountApiDto.self)
            _ = try await client.createAccount(account)
            do throws(CanvasAPIError) {
                _ = try await client.createAccount(account)
                Issue.record("the same account twice must be refused")
            } catch {
                #expect(error.status == 400)
                #expect(error.message == "Account has already been created")
            }
        }
    }
}
