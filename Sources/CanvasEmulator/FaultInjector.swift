import Synchronization

/// Decides which requests get an injected failure, so that clients can be tested against a server
/// that misbehaves the ways real ones do: a 500, a 429 asking to retry later, or a connection that
/// closes with no answer.
///
/// Every request that can fail draws two numbers from one seeded ``SplitMix64``: the first says
/// whether it fails (`< rate`), the second which way. The same seed and the same sequence of requests
/// therefore give the same faults; concurrent requests take their draws in arrival order.
final class FaultInjector: Sendable {
    /// An injected failure.
    enum Fault: Sendable, Equatable {
        /// `500 {"State":500,"Msg":"Injected failure"}`, before the request is handled.
        case serverError
        /// `429` with `Retry-After: 1`, before the request is handled.
        case rateLimited
        /// The request is handled, then the connection is closed with no response: the client
        /// cannot tell whether its change happened (the case retries must be careful about).
        case droppedConnection
    }

    private let rate: Double
    private let generator: Mutex<SplitMix64>

    init(rate: Double, seed: UInt64) {
        self.rate = min(max(rate, 0), 1)
        generator = Mutex(SplitMix64(seed: seed))
    }

    /// The fault for the next request, or nil when it is to be answered normally.
    func next() -> Fault? {
        guard rate > 0 else { return nil }
        let (roll, kind) = generator.withLock { generator in (generator.nextUnit(), generator.next() % 3) }
        guard roll < rate else { return nil }
        switch kind {
        case 0: return .serverError
        case 1: return .rateLimited
        default: return .droppedConnection
        }
    }
}
