/// Bounds how many requests run at once for each managed account, so that one apply across many
/// accounts cannot flood any single account, while different accounts proceed side by side.
///
/// A task cancelled while it waits for a permit stops waiting at once (and takes no permit).
actor AccountLimiter {
    private struct Waiter {
        var id: Int
        var continuation: CheckedContinuation<Bool, Never>
    }

    private struct Slot {
        var inUse = 0
        var waiters: [Waiter] = []
    }

    private let limit: Int
    private var slots: [String: Slot] = [:]
    private var nextWaiter = 0

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Takes a permit, waiting for one if the account is full. False when the task was cancelled
    /// while waiting: then no permit was taken.
    @discardableResult
    func acquire(_ account: String) async -> Bool {
        if slots[account, default: Slot()].inUse < limit {
            slots[account, default: Slot()].inUse += 1
            return true
        }
        nextWaiter += 1
        let id = nextWaiter
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(returning: false)
                } else {
                    slots[account, default: Slot()].waiters.append(Waiter(id: id, continuation: continuation))
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id, account: account) }
        }
    }

    private func cancelWaiter(_ id: Int, account: String) {
        guard let index = slots[account]?.waiters.firstIndex(where: { $0.id == id }) else { return }
        let waiter = slots[account]!.waiters.remove(at: index)
        waiter.continuation.resume(returning: false)
    }

    func release(_ account: String) {
        guard var slot = slots[account] else { return }
        if slot.waiters.isEmpty {
            slot.inUse -= 1
        } else {
            // The permit passes straight to the next waiter.
            slot.waiters.removeFirst().continuation.resume(returning: true)
        }
        slots[account] = slot.inUse == 0 && slot.waiters.isEmpty ? nil : slot
    }

    /// Runs `body` holding one of the account's permits; a cancelled wait runs nothing and throws
    /// the cancellation to `onCancel`'s result.
    nonisolated func withPermit<T: Sendable, E: Error>(
        for account: String,
        onCancel: () -> T,
        _ body: () async throws(E) -> T
    ) async throws(E) -> T {
        guard await acquire(account) else { return onCancel() }
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
