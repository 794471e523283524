import JSONSupport
@testable import CanvasAPI
import CanvasEmulator
import Foundation
import Testing

/// Retries, duplicates and secrets: what a user relies on when the network or the server misbehaves.
struct ClientResilienceTests {
    struct LoggedRequest: Decodable {
        var method: String
        var path: String
        var status: Int?
    }

    @Test("with a third of the calls failing, reads succeed through retries, creates are never repeated but after a 429, deletes converge")
    func failRate() async throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("canvasctl-requests-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let configuration = EmulatorConfiguration(failRate: 0.35, seed: 7, requestLog: log)
        try await ClientContractTests.withEmulator(configuration) { client, _ in
            // Reads get through.
            for _ in 0..<20 {
                let catalog = try await client.applications()
                #expect(catalog.count >= 6)
            }
            // Creates: each either succeeds or fails without a repeat that could duplicate it.
            var created: [CanvasID] = []
            var failures = 0
            for index in 0..<30 {
                do {
                    created.append(try await client.createRegisteredApplication(ClientContractTests.quinyxApplication(tag: "app \(index)")))
                } catch {
                    failures += 1
                }
            }
            #expect(failures > 0, "the injected failures hit some creates")
            #expect(created.count > 0)
            let registered = try await client.registeredApplications()
            let tags = registered.map(\.tagText)
            #expect(Set(tags).count == tags.count, "no application registered twice")
            #expect(Set(registered.map(\.id)).isSuperset(of: created))

            // The request log shows that a create was sent again only after a 429.
            let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
            let requests = try lines.map { try JSONDecoder().decode(LoggedRequest.self, from: Data($0.utf8)) }
            let creates = requests.filter { $0.method == "POST" && $0.path == "/api/RegApplication" }
            #expect(creates.count == 30 + creates.filter { $0.status == 429 }.count)

            // Deletes: a delete whose answer was lost and that finds nothing left on its retry
            // counts as done; one refused before it happened (an injected 500) is tried again.
            for id in registered.map(\.id) {
                var deleted = false
                for _ in 0..<5 where !deleted {
                    do throws(CanvasAPIError) {
                        try await client.deleteRegisteredApplication(id)
                        deleted = true
                    } catch {
                        #expect(error.message == "Injected failure" || error.kind == .rateLimited, "\(error)")
                    }
                }
                #expect(deleted)
            }
            let left = try await client.registeredApplications()
            #expect(left.isEmpty)
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

/// Secrets stay out of error texts even when the server repeats the whole request back.
struct EchoedSecretTests {
    @Test("a server that echoes headers and body cannot make an error show a key or a credential")
    func echoed() async throws {
        let server = try await EchoServer.start()
        let capture = LogCapture()
        let consumer = "CONSUMER-5D1AEF05263B497182992E324517FFFD"
        let secret = "SECRET-agl20ad-d53b-478c-90bd-060c616d37b7"
        let credential = "pa\"ss/word-with-\\escapes"
        let client = try CanvasClient(
            configuration: CanvasClientConfiguration(baseURL: server.baseURL, credentials: .keys(consumer: consumer, secret: secret), retry: .none),
            logger: capture.logger()
        )
        var texts: [String] = []
        do throws(CanvasAPIError) {
            _ = try await client.createRegisteredApplication(AddRegApplicationApiDto(
                applicationId: ClientContractTests.ftp, tagText: "FTP", credentials: ["password": .string(credential), "port": 2121]
            ))
            Issue.record("the echo server refuses everything")
        } catch {
            texts.append(error.description)
            #expect(error.status == 400)
            #expect(error.message.contains("the server's message is not shown: it repeats a sensitive value"), "\(error.message)")
        }
        await server.stop()
        let everything = (capture.all + texts).joined(separator: "\n")
        for value in [consumer, secret, credential, "pa\\\"ss\\/word-with-\\\\escapes"] {
            #expect(!everything.contains(value), "found a secret in: \(everything)")
        }
    }

    @Test("an echo in any escaping, of a secret of any length, of a workflow call too, is never shown", arguments: EchoServer.Form.allCases)
    func echoedInAnyForm(_ form: EchoServer.Form) async throws {
        let server = try await EchoServer.start()
        let short = "q7"
        let long = "token/with\\\"quotes\\and-slashes-0c4f"
        let client = try CanvasClient(
            configuration: CanvasClientConfiguration(
                baseURL: server.baseURL + "/" + form.rawValue, credentials: .keys(consumer: "consumer-key-1", secret: "secret-key-1"), retry: .none
            )
        ).screening([short, long])
        var texts: [String] = []
        do throws(CanvasAPIError) {
            _ = try await client.createWorkflow(AddWorkflowApiDto(
                workflowTemplateId: CanvasID("bbe52876-aca2-4ece-ba31-11e0d98ddc19")!, name: "Nightly", description: "d",
                applications: [:], variables: ["code": .string(short), "key": .string(long)]
            ))
            Issue.record("the echo server refuses everything")
        } catch {
            texts.append(error.description)
            #expect(error.status == 400)
            #expect(error.message.contains("not shown"), "\(error.message)")
        }
        await server.stop()
        for text in texts {
            for value in [short, long, "with\\\\\\\"quotes", "\\u0071\\u0037"] { #expect(!text.contains(value), "found a secret in: \(text)") }
        }
    }

    @Test("a message that repeats no secret is shown as the server wrote it, also beside a short secret in a longer word")
    func unrelatedMessage() {
        let scrubber = SecretScrubber(["21", "live", "a-longer-secret-value"])
        #expect(scrubber.scrub("port 2121 is closed; delivery failed") == "port 2121 is closed; delivery failed")
        #expect(scrubber.scrub("port 21 is closed").contains("not shown"))
        #expect(scrubber.scrub("environment 'live' is unknown").contains("not shown"))
        #expect(scrubber.scrub("bad key ...longer-secr...").contains("not shown"), "eight characters in a row of a long secret")
        #expect(scrubber.scrub("bad key a\\u002dlonger").contains("not shown"), "as a \\u escape")
    }
}
