@testable import CanvasAPI
import Testing

/// The AIMD rule of one account's limit: halved on 429, one more after a window of successes.
struct AdaptiveLimitTests {
    let start = ContinuousClock.now

    @Test("it starts at the configured maximum, never below 1")
    func starts() {
        #expect(AdaptiveLimit(maximum: 8).current == 8)
        #expect(AdaptiveLimit(maximum: 0).current == 1)
    }

    @Test("a 429 halves the limit, rounding down, never below 1")
    func decrease() {
        var limit = AdaptiveLimit(maximum: 9)
        let lowered = limit.rateLimited(sentIn: limit.window, retryAfter: nil, at: start)
        #expect(lowered)
        #expect(limit.current == 4)
        limit.rateLimited(sentIn: limit.window, retryAfter: nil, at: start)
        limit.rateLimited(sentIn: limit.window, retryAfter: nil, at: start)
        #expect(limit.current == 1)
        limit.rateLimited(sentIn: limit.window, retryAfter: nil, at: start)
        #expect(limit.current == 1)
    }

    @Test("several 429s of requests sent in one window count as one decrease")
    func oneDecreasePerWindow() {
        var limit = AdaptiveLimit(maximum: 8)
        let window = limit.window
        let answers = (0..<3).map { _ in limit.rateLimited(sentIn: window, retryAfter: nil, at: start) }
        #expect(answers == [true, false, false])
        #expect(limit.current == 4)
        // A request sent after the decrease that meets a 429 halves again.
        let again = limit.rateLimited(sentIn: limit.window, retryAfter: nil, at: start)
        #expect(again)
        #expect(limit.current == 2)
    }

    @Test("after as many successes as the limit, it grows by one, up to the maximum and no further")
    func increase() {
        var limit = AdaptiveLimit(maximum: 6)
        limit.rateLimited(sentIn: limit.window, retryAfter: nil, at: start)
        #expect(limit.current == 3)
        for _ in 0..<2 { limit.succeeded(sentIn: limit.window, at: start) }
        #expect(limit.current == 3, "two successes are not yet a window of three")
        limit.succeeded(sentIn: limit.window, at: start)
        #expect(limit.current == 4)
        for _ in 0..<4 { limit.succeeded(sentIn: limit.window, at: start) }
        #expect(limit.current == 5)
        for _ in 0..<100 { limit.succeeded(sentIn: limit.window, at: start + .seconds(31)) }
        #expect(limit.current == 6, "never above the configured maximum")
    }

    @Test("after a 429 the limit grows back to one below where it was refused, and past that only after the probe interval")
    func ceiling() {
        var limit = AdaptiveLimit(maximum: 32)
        limit.rateLimited(sentIn: limit.window, retryAfter: nil, at: start)
        #expect(limit.current == 16)
        // Refused again at 16 (the server takes 8): the ceiling is 15, then 8 after a 429 at 9.
        limit.rateLimited(sentIn: limit.window, retryAfter: nil, at: start)
        #expect(limit.current == 8)
        #expect(limit.ceiling == 15)
        for _ in 0..<8 { limit.succeeded(sentIn: limit.window, at: start) }
        #expect(limit.current == 9)
        limit.rateLimited(sentIn: limit.window, retryAfter: nil, at: start)
        #expect(limit.current == 4)
        #expect(limit.ceiling == 8)
        for _ in 0..<1000 { limit.succeeded(sentIn: limit.window, at: start + .seconds(5)) }
        #expect(limit.current == 8, "it stops below the limit that was refused")
        for _ in 0..<8 { limit.succeeded(sentIn: limit.window, at: start + AdaptiveLimit.probeInterval) }
        #expect(limit.current == 9, "and tries one more once the probe interval has passed")
    }

    @Test("answers to requests sent before a decrease do not raise the limit")
    func staleSuccesses() {
        var limit = AdaptiveLimit(maximum: 8)
        let before = limit.window
        limit.rateLimited(sentIn: before, retryAfter: nil, at: start)
        for _ in 0..<20 { limit.succeeded(sentIn: before, at: start) }
        #expect(limit.current == 4)
    }

    @Test("after a 429 with Retry-After the limit does not grow before that time has passed")
    func retryAfterHoldsIncreases() {
        var limit = AdaptiveLimit(maximum: 8)
        limit.rateLimited(sentIn: limit.window, retryAfter: .seconds(2), at: start)
        #expect(limit.current == 4)
        for _ in 0..<20 { limit.succeeded(sentIn: limit.window, at: start + .seconds(1)) }
        #expect(limit.current == 4, "successes within the Retry-After do not count")
        for _ in 0..<4 { limit.succeeded(sentIn: limit.window, at: start + .seconds(2)) }
        #expect(limit.current == 5)
    }
}
