@testable import CanvasAPI
import Foundation
import Testing

/// What is retried, and how long it waits.
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
}
