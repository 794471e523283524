@testable import CanvasAPI
import Foundation
import Synchronization
import Testing

/// What is retried, how long it waits, and how many calls run at once per account.
struct RetryPolicyTests {
    let policy = RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(100), maxDelay: .seconds(2), maxRetryAfter: .seconds(10))

    @Test("reads retry on lost connections and server errors; creates only on 429; 4xx never")
    func whatIsRetried() {
        #expect(policy.shouldRetry(.connectionLost, effect: .read))
        #expect(policy.shouldRetry(.status(500), effect: .read))
        #expect(policy.shouldRetry(.status(503), effect: .read))
        #expect(policy.shouldRetry(.status(429), effect: .read))
        #expect(!policy.shouldRetry(.status(400), effect: .read))
        #expect(!policy.shouldRetry(.status(401), effect: .read))
        #expect(policy.shouldRetry(.connectionLost, effect: .idempotentWrite))
        #expect(policy.shouldRetry(.status(503), effect: .idempotentWrite))
        #expect(!policy.shouldRetry(.status(500), effect: .idempotentWrite))
        #expect(policy.shouldRetry(.status(429), effect: .create))
        #expect(!policy.shouldRetry(.connectionLost, effect: .create))
        #expect(!policy.shouldRetry(.status(500), effect: .create))
        #expect(!policy.shouldRetry(.status(503), effect: .create))
    }

    @Test("backoff grows exponentially with full jitter, capped; Retry-After wins, capped too")
    func delays() {
        var random = SystemRandomNumberGenerator()
        for attempt in 1...8 {
            let ceiling = min(Duration.milliseconds(100) * (1 << (attempt - 1)), .seconds(2))
            for _ in 0..<50 {
                let delay = policy.delay(afterAttempt: attempt, retryAfter: nil, random: &random)
                #expect(delay >= .zero && delay <= ceiling)
            }
        }
        #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(3), random: &random) == .seconds(3))
        #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(60), random: &random) == .seconds(10))
        #expect(RetryPolicy.parseRetryAfter("2") == .seconds(2))
        let now = Date(timeIntervalSince1970: 1_792_567_678)  // Wed, 21 Oct 2026 07:27:58 GMT
        #expect(RetryPolicy.parseRetryAfter("Wed, 21 Oct 2026 07:28:00 GMT", now: now) == .seconds(2))
        #expect(RetryPolicy.parseRetryAfter("Wed, 21 Oct 2026 07:20:00 GMT", now: now) == .zero, "a date in the past means now")
        #expect(RetryPolicy.parseRetryAfter("soon", now: now) == .seconds(1), "an unreadable value means soon")
        #expect(RetryPolicy.parseRetryAfter(nil) == nil)
    }

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
                    await limiter.withPermit(for: account, onCancel: {}) {
                        counts.state.withLock { value in
                            value.current[account, default: 0] += 1
                            value.peak[account] = max(value.peak[account] ?? 0, value.current[account]!)
                        }
                        try? await Task.sleep(for: .milliseconds(5))
                        counts.state.withLock { $0.current[account, default: 0] -= 1 }
                    }
                }
            }
        }
        let peak = counts.state.withLock { $0.peak }
        #expect((1...2).contains(peak["a"] ?? 0))
        #expect((1...2).contains(peak["b"] ?? 0))
    }

    @Test("a third call on a full account waits for a permit; another account does not")
    func limiterWaits() async {
        let limiter = AccountLimiter(limit: 2)
        await limiter.acquire("x")
        await limiter.acquire("x")
        await limiter.acquire("y")  // another account is not held up by x being full
        final class Flag: Sendable { let value = Mutex(false) }
        let third = Flag()
        let waiter = Task {
            await limiter.acquire("x")
            third.value.withLock { $0 = true }
        }
        for _ in 0..<50 { await Task.yield() }
        #expect(third.value.withLock { $0 } == false, "the third call waits while two hold the account")
        limiter.release("x")
        await waiter.value
        #expect(third.value.withLock { $0 } == true)
    }

    @Test("a call cancelled while it waits for a permit stops waiting and takes none")
    func limiterCancellation() async {
        let limiter = AccountLimiter(limit: 1)
        await limiter.acquire("x")
        let waiter = Task { await limiter.acquire("x") }
        for _ in 0..<50 { await Task.yield() }
        waiter.cancel()
        let acquired = await waiter.value
        #expect(acquired == false)
        // The one permit is still the first holder's: after its release, a new call gets it at once.
        limiter.release("x")
        let next = await limiter.acquire("x")
        #expect(next == true)
    }
}
