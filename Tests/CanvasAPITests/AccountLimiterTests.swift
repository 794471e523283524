@testable import CanvasAPI
import Synchronization
import Testing

/// How many calls run at once per account, and how a 429 lowers that for its account only.
struct AccountLimiterTests {
    @Test("no more than the limit of calls run at once for one account; accounts do not wait for each other")
    func limiter() async {
        let limiter = AccountLimiter(limit: 2)
        final class Counts: Sendable {
            let state = Mutex<(current: [String: Int], peak: [String: Int])>(([:], [:]))
        }
        let counts = Counts()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                let account = index.isMultiple(of: 2) ? "a" : "b"
                group.addTask {
                    guard let permit = await limiter.acquire(account) else { return }
                    counts.state.withLock { value in
                        value.current[account, default: 0] += 1
                        value.peak[account] = max(value.peak[account] ?? 0, value.current[account]!)
                    }
                    try? await Task.sleep(for: .milliseconds(5))
                    counts.state.withLock { $0.current[account, default: 0] -= 1 }
                    limiter.release(permit, .answered)
                }
            }
        }
        let peak = counts.state.withLock { $0.peak }
        #expect((1...2).contains(peak["a"] ?? 0))
        #expect((1...2).contains(peak["b"] ?? 0))
    }

    @Test("a third call on a full account waits for a permit; another account does not")
    func limiterWaits() async throws {
        let limiter = AccountLimiter(limit: 2)
        let first = try #require(await limiter.acquire("x"))
        _ = await limiter.acquire("x")
        _ = await limiter.acquire("y")  // another account is not held up by x being full
        final class Flag: Sendable { let value = Mutex(false) }
        let third = Flag()
        let waiter = Task {
            _ = await limiter.acquire("x")
            third.value.withLock { $0 = true }
        }
        for _ in 0..<50 { await Task.yield() }
        #expect(third.value.withLock { $0 } == false, "the third call waits while two hold the account")
        limiter.release(first, .answered)
        await waiter.value
        #expect(third.value.withLock { $0 } == true)
    }

    @Test("a call cancelled while it waits for a permit stops waiting and takes none")
    func limiterCancellation() async throws {
        let limiter = AccountLimiter(limit: 1)
        let held = try #require(await limiter.acquire("x"))
        let waiter = Task { await limiter.acquire("x") }
        for _ in 0..<50 { await Task.yield() }
        waiter.cancel()
        let acquired = await waiter.value
        #expect(acquired == nil)
        // The one permit is still the first holder's: after its release, a new call gets it at once.
        limiter.release(held, .answered)
        let next = await limiter.acquire("x")
        #expect(next != nil)
    }

    @Test("a 429 halves the account's limit: the next call waits until fewer are in flight; other accounts keep theirs")
    func rateLimitLowersTheAccountOnly() async throws {
        let limiter = AccountLimiter(limit: 4)
        var permits: [AccountLimiter.Permit] = []
        for _ in 0..<4 { permits.append(try #require(await limiter.acquire("x"))) }
        let lowered = limiter.release(permits.removeLast(), .rateLimited(retryAfter: nil))
        #expect(lowered == 2)
        #expect(limiter.currentLimit(for: "x") == 2)
        #expect(limiter.currentLimit(for: "y") == 4, "another account keeps the configured limit")
        // Three in flight at a limit of 2: a new call waits for two of them to end.
        final class Flag: Sendable { let value = Mutex(false) }
        let got = Flag()
        let waiter = Task {
            let permit = await limiter.acquire("x")
            got.value.withLock { $0 = true }
            return permit
        }
        for _ in 0..<50 { await Task.yield() }
        #expect(got.value.withLock { $0 } == false)
        limiter.release(permits.removeLast(), .rateLimited(retryAfter: nil))
        #expect(limiter.currentLimit(for: "x") == 2, "a 429 of a request sent before the decrease does not halve again")
        for _ in 0..<50 { await Task.yield() }
        #expect(got.value.withLock { $0 } == false, "two are still in flight at a limit of 2")
        limiter.release(permits.removeLast(), .answered)
        let permit = await waiter.value
        #expect(permit?.window == 1, "the permit is taken in the window after the decrease")
        // Account y is not held back by x's 429s: four at once.
        for _ in 0..<4 { _ = try #require(await limiter.acquire("y")) }
    }
}
