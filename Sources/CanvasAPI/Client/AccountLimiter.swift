/// Bounds how many requests run at once for each managed account, so that one apply across many
/// accounts cannot flood any single account, while different accounts proceed side by side.
actor AccountLimiter {
    private struct Slot {
        var inUse = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let limit: Int
    private var slots: [String: Slot] = [:]

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    func acquire(_ account: String) async {
        if slots[account, default: Slot()].inUse < limit {
            slots[account, default: Slot()].inUse += 1
            return
        }
        await withCheckedContinuation { continuation in
            slots[account, default: Slot()].waiters.append(continuation)
        }
    }

    func release(_ account: String) {
        guard var slot = slots[account] else { return }
        if slot.waiters.isEmpty {
            slot.inUse -= 1
        } else {
            // The permit passes straight to the next waiter.
            slot.waiters.removeFirst().resume()
        }
        slots[account] = slot.inUse == 0 && slot.waiters.isEmpty ? nil : slot
    }

    /// Runs `body` holding one of the account's permits.
    nonisolated func withPermit<T: Sendable, E: Error>(
        for account: String,
        _ body: () async throws(E) -> T
    ) async throws(E) -> T {
        await acquire(account)
        do {
            let result = try await body()
            await release(account)
            return result
        } catch {
            await release(account)
            throw error
        }
    }
}
