import CanvasAPI
import CanvasEmulator
import CanvasProvider
import JSONSupport
import Testing

/// Reading an account's live state from the emulator, in one go.
struct LiveStateTests {
    @Test("an account's catalog, templates (in full where used), applications and workflows, and nothing of other accounts")
    func read() async throws {
        let emulator = try await CanvasEmulator.start(EmulatorConfiguration())
        let client = try CanvasClient(configuration: CanvasClientConfiguration(
            baseURL: emulator.baseURL, credentials: .keys(consumer: emulator.consumerKey, secret: emulator.secretKey)
        ))
        let oslo = CanvasID("be4f3f1e-0e6d-4f68-b8d8-546163c5dfad")!
        let quinyx = CanvasID("97cbc3b3-32c7-4e4a-b788-a332ea82aeff")!
        let registered = try await client.createRegisteredApplication(
            AddRegApplicationApiDto(applicationId: quinyx, tagText: "Quinyx Oslo", credentials: ["apikey": "k-123456", "environment": "live"]),
            account: oslo
        )
        _ = try await client.createRegisteredApplication(
            AddRegApplicationApiDto(applicationId: quinyx, tagText: "Quinyx own", credentials: ["apikey": "k-123456", "environment": "live"])
        )

        let state = try await LiveState.read(account: oslo, client: client, templateReferences: ["demo WORKFLOW"])
        await emulator.shutdown()

        #expect(state.account == oslo)
        #expect(state.catalog.contains { $0.id == quinyx })
        #expect(state.registeredApplications.map(\.id) == [registered])
        #expect(state.workflows.isEmpty)
        let demo = try #require(state.templates.first { $0.name == "Demo workflow" })
        #expect(demo.variables?["amountToObtainWfQ"]?.type == "INPUT", "a template the manifests use is read in full")
        #expect(state.templates.count >= 2, "the others stay in their list form")
    }
}
