import Synchronization

/// Bounds how many requests run at once for each managed account, so that one apply across many
/// accounts cannot flood any single account, while different accounts proceed side by side.
///
/// Each account's bound adapts (``AdaptiveLimit``): it starts at the configured maximum
/// (`--max-per-account`), is halved when the server answers 429, and grows again by one after a
/// window of successes. One account's 429s lower that account's bound only. A permit is held for
/// one attempt of a call: a call waiting to retry holds none.
///
/// A lock rather than an actor: a permit that is free is taken without leaving the caller's thread
/// (an actor hop on every acquire and release was measurable at hundreds of requests a second).
/// Only a caller that must wait suspends. A task cancelled while it waits stops waiting at once
/// (and takes no permit).
final class AccountLimiter: Sendable {
    /// The right to send one request for `account`, taken in the limit's `window` when the
    /// account's limit was `limit`.
    struct Permit: Sendable, Equatable {
        var account: String
        var window: Int
        var limit: Int
    }

    /// What the request sent under a permit got back, for the account's limit.
    enum Outcome: Sendable, Equatable {
        /// An answer that was not 429: the server kept up.
        case answered
        /// 429, with the server's `Retry-After` when it gave one.
        case rateLimited(retryAfter: Duration?)
        /// No answer (a lost connection, a timeout, a cancelled call): says nothing of the load.
        case unanswered
    }

    private struct Waiter {
        var id: Int
        var continuation: CheckedContinuation<Permit?, Never>
    }

    private struct Slot {
        var limit: AdaptiveLimit
        var inUse = 0
        var waiters: [Waiter] = []
    }

    private struct State {
        var slots: [String: Slot] = [:]
        var nextWaiter = 0
    }

    private let maximum: Int
    private let state = Mutex(State())

    init(limit: Int) {
        self.maximum = max(1, limit)
    }

    /// The account's current limit (the configured maximum until a 429 lowers it).
    func currentLimit(for account: String) -> Int {
        state.withLock { $0.slots[account]?.limit.current ?? maximum }
    }

    /// Takes a permit, waiting for one if the account is full. Nil when the task was cancelled
    /// while waiting: then no permit was taken.
    func acquire(_ account: String) async -> Permit? {
        let (immediate, waiterID): (Permit?, Int) = state.withLock { state in
            if let permit = Self.take(account, in: &state, maximum: maximum) { return (permit, 0) }
            state.nextWaiter += 1
            return (nil, state.nextWaiter)
        }
        if let immediate { return immediate }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let answer: Permit?? = state.withLock { state in
                    // Cancelled before it could wait; or a permit freed since the first look.
                    if Task.isCancelled { return .some(nil) }
                    if let permit = Self.take(account, in: &state, maximum: maximum) { return .some(permit) }
                    state.slots[account]?.waiters.append(Waiter(id: waiterID, continuation: continuation))
                    return nil
                }
                if let answer { continuation.resume(returning: answer) }
            }
        } onCancel: {
            let waiter: Waiter? = state.withLock { state in
                guard let index = state.slots[account]?.waiters.firstIndex(where: { $0.id == waiterID }) else { return nil }
                return state.slots[account]?.waiters.remove(at: index)
            }
            waiter?.continuation.resume(returning: nil)
        }
    }

    /// Gives the permit back with what its request got, which adapts the account's limit, and
    /// hands permits to as many waiters as the limit has room for. Answers the account's new limit
    /// when this lowered it.
    @discardableResult
    func release(_ permit: Permit, _ outcome: Outcome, at now: ContinuousClock.Instant = .now) -> Int? {
        var lowered: Int?
        let granted: [(Waiter, Permit)] = state.withLock { state in
            guard var slot = state.slots[permit.account] else { return [] }
            slot.inUse -= 1
            switch outcome {
            case .answered:
                slot.limit.succeeded(sentIn: permit.window, at: now)
            case .rateLimited(let retryAfter):
                if slot.limit.rateLimited(sentIn: permit.window, retryAfter: retryAfter, at: now) { lowered = slot.limit.current }
            case .unanswered:
                break
            }
            // The freed permit (and any room a higher limit made) passes straight to the waiters.
            var granted: [(Waiter, Permit)] = []
            while slot.inUse < slot.limit.current, !slot.waiters.isEmpty {
                slot.inUse += 1
                granted.append((slot.waiters.removeFirst(), Permit(account: permit.account, window: slot.limit.window, limit: slot.limit.current)))
            }
            state.slots[permit.account] = slot
            return granted
        }
        for (waiter, permit) in granted { waiter.continuation.resume(returning: permit) }
        return lowered
    }

    /// A permit when the account has room; the account's slot is made on first use and kept, so
    /// that its limit is remembered.
    private static func take(_ account: String, in state: inout State, maximum: Int) -> Permit? {
        if state.slots[account] == nil { state.slots[account] = Slot(limit: AdaptiveLimit(maximum: maximum)) }
        guard let slot = state.slots[account], slot.inUse < slot.limit.current else { return nil }
        state.slots[account]!.inUse += 1
        return Permit(account: account, window: slot.limit.window, limit: slot.limit.current)
    }
}
