import CanvasEmulator
import NIOHTTP1
import Testing

/// `--max-concurrent-per-account`: the emulator refuses, with 429 and `Retry-After`, a request of
/// an account that already has as many in flight; other accounts are not affected.
struct EmulatorAccountBoundTests {
    @Test("with a bound of 2, of five requests of one account at once three are answered 429; another account's request is not")
    func refusesAboveTheBound() async throws {
        let configuration = EmulatorConfiguration(latencyMilliseconds: 300, maxConcurrentPerAccount: 2)
        try await EmulatorTests.withEmulator(configuration) { api throws in
            async let other = api.get("Workflows", account: EmulatorTests.oslo)
            let replies = try await withThrowingTaskGroup(of: EmulatorTests.Reply.self) { group in
                for _ in 0..<5 { group.addTask { try await api.get("Workflows") } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.filter { $0.status == 200 }.count == 2)
            let refused = replies.filter { $0.status == 429 }
            #expect(refused.count == 3)
            #expect(refused.allSatisfy { $0.headers.first(name: "Retry-After") == "1" })
            #expect(try await other.status == 200, "another account has a bound of its own")
            // Once the first ones are answered, the account has room again.
            #expect(try await api.get("Workflows").status == 200)
            #expect(try await api.get("GetMetaData", auth: .none).status == 200)
        }
    }

    @Test("a bound below 1 is refused")
    func refusesBadBound() async {
        #expect(EmulatorConfiguration(maxConcurrentPerAccount: 0).problem != nil)
        await #expect(throws: EmulatorStartError.self) { try await CanvasEmulator.start(EmulatorConfiguration(maxConcurrentPerAccount: 0)) }
    }
}
