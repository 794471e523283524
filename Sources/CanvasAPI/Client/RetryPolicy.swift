import Foundation

/// When and how long to wait before trying a call again: exponential backoff with full jitter,
/// and the server's own `Retry-After` when it gives one.
///
/// What may be retried depends on the endpoint (``CanvasEndpoint/Effect``):
/// - reads: after a dropped connection, a timeout, 429, 500, 502, 503 or 504;
/// - idempotent writes (update, delete, deploy, scheduler): after a dropped connection, 429 or 503;
/// - creates: only after 429, which a server sends before doing anything. A create whose response
///   was lost may have happened; repeating it blindly could register the resource twice, so that
///   is left to the caller, which can look the resource up first.
/// - every call: after a refused connection, which sent nothing. Those waits are the backoff's
///   ceilings, without jitter, so that the window a server has to come back is known: with the
///   defaults 100 + 200 + 400 + 800 ms, 1.5 s in all, then the call fails.
///
/// Nothing else is retried: a cancelled call, an unknown host or a failed TLS handshake end the
/// call at once (``CanvasClient`` tells them apart before it asks the policy).
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first one included.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// The longest `Retry-After` honoured; longer ones are cut to this.
    public var maxRetryAfter: Duration
    /// 429s of one call that spend none of ``maxAttempts``: those met while the account's request
    /// limit was above 1, as the client lowers it towards the server's bound (``CanvasClient``).
    public var maxRateLimitedRetries: Int

    public init(
        maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(5), maxRetryAfter: Duration = .seconds(30),
        maxRateLimitedRetries: Int = 10
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.maxRateLimitedRetries = max(0, maxRateLimitedRetries)
    }

    /// No retries at all.
    public static let none = RetryPolicy(maxAttempts: 1, maxRateLimitedRetries: 0)

    enum Outcome: Equatable {
        case status(Int)
        /// The connection broke or timed out; the request may have reached the server.
        case connectionLost
        /// Nothing accepted the connection: the request was not sent.
        case connectionRefused
    }

    func shouldRetry(_ outcome: Outcome, effect: CanvasEndpoint.Effect) -> Bool {
        switch (outcome, effect) {
        case (.status(429), _), (.connectionRefused, _): true
        case (.connectionLost, .read), (.connectionLost, .idempotentWrite): true
        case (.status(let code), .read): [500, 502, 503, 504].contains(code)
        case (.status(503), .idempotentWrite): true
        default: false
        }
    }

    /// The wait before attempt `attempt + 1` (attempt counts from 1), with full jitter, or the
    /// server's `Retry-After` when it sent one.
    func delay(afterAttempt attempt: Int, retryAfter: Duration?, random: inout some RandomNumberGenerator) -> Duration {
        if let retryAfter {
            return min(retryAfter, maxRetryAfter)
        }
        let ceiling = ceiling(afterAttempt: attempt)
        let nanoseconds = ceiling.components.seconds * 1_000_000_000 + ceiling.components.attoseconds / 1_000_000_000
        guard nanoseconds > 0 else { return .zero }
        return .nanoseconds(Int64.random(in: 0...nanoseconds, using: &random))
    }

    /// The wait before attempt `attempt + 1` after a refused connection: the backoff's ceiling,
    /// not jittered (many clients' calls meet no struggling server there, and a known window is
    /// what a restarting server needs).
    func delay(afterRefusal attempt: Int) -> Duration {
        ceiling(afterAttempt: attempt)
    }

    /// The exponential backoff's bound for the wait after attempt `attempt`.
    private func ceiling(afterAttempt attempt: Int) -> Duration {
        let exponent = min(attempt - 1, 20)
        return min(baseDelay * (1 << exponent), maxDelay)
    }

    /// A `Retry-After` value: seconds, or an HTTP date (RFC 9110), as a wait from `now`.
    static func parseRetryAfter(_ value: String?, now: Date = Date()) -> Duration? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Int(value) { return .seconds(max(0, seconds)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return .seconds(1) }
        return .milliseconds(max(0, Int64(date.timeIntervalSince(now) * 1000)))
    }
}
