import Synchronization

/// A server-side bound on the requests of one account in flight at once, as a real server
/// enforces one: a request beyond it is refused (the emulator answers it 429 with `Retry-After`)
/// rather than queued. Accounts are told apart by the `ManagedAccountId` header as sent; requests
/// without one are the keys' own account.
final class AccountGate: Sendable {
    let limit: Int
    private let inFlight = Mutex<[String: Int]>([:])

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Admits one request of `account`: false when `limit` of them are in flight already (then
    /// the request holds nothing and must not ``leave(_:)``).
    func enter(_ account: String) -> Bool {
        inFlight.withLock { counts in
            let current = counts[account, default: 0]
            guard current < limit else { return false }
            counts[account] = current + 1
            return true
        }
    }

    /// An admitted request of `account` was answered.
    func leave(_ account: String) {
        inFlight.withLock { counts in
            let remaining = counts[account, default: 1] - 1
            counts[account] = remaining > 0 ? remaining : nil
        }
    }
}
