import CanvasAPI
import CanvasEmulator
import Foundation
import Testing

/// Retries, duplicates and secrets: what a user relies on when the network or the server misbehaves.
struct ClientResilienceTests {
    @Test("with a third of the calls failing, reads succeed through retries and creates are never duplicated")
    func failRate() async throws {
        let configuration = EmulatorConfiguration(failRate: 0.35, seed: 7)
        try await ClientContractTests.withEmulator(configuration) { client, _ in
            // Reads get through.
            for _ in 0..<20 {
                let answer1 = try await client.applications()
                #expect(answer1.count >= 6)
            }
            // Creates: each either succeeds once or fails without a retry that could duplicate it.
            var created: [CanvasID] = []
            var failures = 0
            for index in 0..<30 {
                do {
                    created.append(try await client.createRegisteredApplication(ClientContractTests.quinyxApplication(tag: "app \(index)")))
                } catch {
                    failures += 1
                    let apiError = try #require(error as? CanvasAPIError)
                    #expect(apiError.attempts == 1 || apiError.kind == .rateLimited)
                }
            }
            #expect(failures > 0, "the injected failures hit some creates")
            #expect(created.count > 0)
            let registered = try await client.registeredApplications()
            let tags = registered.map(\.tagText)
            #expect(Set(tags).count == tags.count, "no application registered twice")
            #expect(Set(registered.map(\.id)).isSuperset(of: created))
        }
    }

    @Test("no log line and no error text holds a key, a token or a credential value")
    func redaction() async throws {
        let capture = LogCapture()
        let consumer = "CONSUMER-5D1AEF05263B497182992E324517FFFD"
        let secret = "SECRET-agl20ad-d53b-478c-90bd-060c616d37b7"
        let credential = "apikey-e16d092b-577a-4d49-ae1e-87b993dc5fa9"
        var texts: [String] = []
        let configuration = EmulatorConfiguration(consumerKey: consumer, secretKey: secret, failRate: 0.3, seed: 11)
        try await ClientContractTests.withEmulator(configuration, logger: capture.logger()) { client, emulator in
            for index in 0..<10 {
                do {
                    _ = try await client.createRegisteredApplication(AddRegApplicationApiDto(
                        applicationId: ClientContractTests.quinyx, tagText: "q\(index)", credentials: ["apikey": .string(credential), "environment": "test"]
                    ))
                    _ = try await client.registeredApplications()
                } catch {
                    texts.append(String(describing: error))
                }
            }
            // A call refused for its credentials, and one with a bad select value.
            do {
                _ = try await client.createRegisteredApplication(AddRegApplicationApiDto(
                    applicationId: ClientContractTests.quinyx, tagText: "bad", credentials: ["apikey": .string(credential), "environment": "nowhere"]
                ))
            } catch {
                texts.append(String(describing: error))
            }
            let wrongKeys = try CanvasClient(
                configuration: CanvasClientConfiguration(baseURL: emulator.baseURL, credentials: .keys(consumer: consumer + "x", secret: secret + "x")),
                logger: capture.logger()
            )
            do { _ = try await wrongKeys.workflows() } catch { texts.append(String(describing: error)) }
            texts.append(String(describing: CanvasCredentials.keys(consumer: consumer, secret: secret)))
            texts.append(String(reflecting: CanvasCredentials.bearer(token: emulator.token)))
        }
        let everything = (capture.all + texts).joined(separator: "\n")
        #expect(!capture.all.isEmpty, "the client logged its calls")
        #expect(!texts.isEmpty)
        for value in [consumer, secret, credential] {
            #expect(!everything.contains(value), "found a secret in: \(everything)")
        }
    }
}
