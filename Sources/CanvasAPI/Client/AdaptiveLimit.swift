/// How many requests one account may have in flight, adapted to what the server answers:
/// additive increase, multiplicative decrease (AIMD, the rule of TCP's congestion window).
///
/// A server that answers 429 is told it is asked too much: the limit is halved (not below 1). The
/// requests sent before that decrease were sent at the old limit, so their 429s say nothing new
/// and do not halve it again: each permit remembers the ``window`` it was taken in, and only a 429
/// of the current window counts. Once a window's worth of requests (as many as the limit) has
/// succeeded, the limit grows by one, never above ``maximum`` (`--max-per-account`). After a 429
/// with `Retry-After`, the limit does not grow before that time has passed.
///
/// The limit a 429 came at is remembered: growth stops one below it (the ``ceiling``), and goes
/// past it only once ``probeInterval`` has passed since that 429, in case the server takes more
/// again. Without it the limit would climb back into the server's bound again and again, and each
/// refused request waits out its `Retry-After`, holding its place among the changes in flight.
///
/// A pure value: the caller (``AccountLimiter``) keeps one per account under its lock and passes
/// the time in.
struct AdaptiveLimit: Sendable, Equatable {
    /// The configured bound: the limit starts there and never exceeds it.
    let maximum: Int
    /// Requests that may be in flight at once, currently.
    private(set) var current: Int
    /// Counts the decreases; a permit carries the one it was taken in.
    private(set) var window = 0
    /// Successes of the current window since the limit last changed.
    private var successes = 0
    /// The end of the last `Retry-After`: no increase before it.
    private var holdUntil: ContinuousClock.Instant?
    /// One below the limit the last counted 429 came at: growth stops here until ``probeInterval``
    /// has passed since that 429. Nil before any 429.
    private(set) var ceiling: Int?
    /// When the last counted 429 came.
    private var lastDecrease: ContinuousClock.Instant?
    /// How long after a 429 the limit may try to grow past the ceiling.
    static let probeInterval: Duration = .seconds(30)

    init(maximum: Int) {
        self.maximum = max(1, maximum)
        self.current = self.maximum
    }

    /// A request sent in `window` was answered (not with 429): after `current` such answers of the
    /// current window, the limit grows by one.
    mutating func succeeded(sentIn window: Int, at now: ContinuousClock.Instant) {
        guard window == self.window, current < maximum else { return }
        if let holdUntil, now < holdUntil { return }
        if let ceiling, current >= ceiling, let lastDecrease, now - lastDecrease < Self.probeInterval { return }
        successes += 1
        if successes >= current {
            current += 1
            successes = 0
        }
    }

    /// A request sent in `window` was answered 429: halves the limit when the request was sent in
    /// the current window, and holds off increases until `retryAfter` has passed. True when the
    /// limit was lowered.
    @discardableResult
    mutating func rateLimited(sentIn window: Int, retryAfter: Duration?, at now: ContinuousClock.Instant) -> Bool {
        if let retryAfter {
            let end = now + retryAfter
            holdUntil = max(holdUntil ?? end, end)
        }
        guard window == self.window else { return false }
        ceiling = max(1, current - 1)
        lastDecrease = now
        current = max(1, current / 2)
        self.window += 1
        successes = 0
        return true
    }
}
