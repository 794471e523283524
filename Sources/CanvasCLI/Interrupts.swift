import Dispatch
import Foundation
import Synchronization

/// Where a command hears that the person running it wants it to stop (Ctrl-C, SIGTERM), so that it
/// can stop cleanly: finish what is in flight, record it, release the state's lock.
///
/// Passed in through ``CommandContext`` like the console: the executable gives ``signals``; tests
/// give ``manual()`` and interrupt a command running in-process; without one, nothing is caught.
/// Only the first interrupt is handed over: after it, the signals have their default action again,
/// so a second Ctrl-C stops the process at once.
public struct Interrupts: Sendable {
    /// Starts catching, handing the first interrupt (its signal number) to the handler; answers a
    /// function that stops catching.
    let install: @Sendable (_ handler: @escaping @Sendable (Int32) -> Void) -> @Sendable () -> Void

    /// SIGINT and SIGTERM.
    public static let signals = Interrupts { handler in
        let catcher = SignalCatcher(handler: handler)
        return { catcher.restore() }
    }

    /// Interrupts a test sends: `interrupt(signal)` reaches the handler installed at the time, once;
    /// one sent before any handler is installed reaches the next handler as soon as it is installed.
    public static func manual() -> (interrupts: Interrupts, interrupt: @Sendable (Int32) -> Void) {
        let state = Mutex<(handler: (@Sendable (Int32) -> Void)?, pending: Int32?)>((nil, nil))
        let interrupts = Interrupts { handler in
            let pending = state.withLock { state -> Int32? in
                guard let pending = state.pending else {
                    state.handler = handler
                    return nil
                }
                state.pending = nil
                return pending
            }
            if let pending { handler(pending) }
            return { state.withLock { $0.handler = nil } }
        }
        return (interrupts, { signal in
            let handler = state.withLock { state -> (@Sendable (Int32) -> Void)? in
                guard let handler = state.handler else {
                    state.pending = signal
                    return nil
                }
                state.handler = nil
                return handler
            }
            handler?(signal)
        })
    }
}

/// Catches SIGINT and SIGTERM through dispatch sources until the first arrives or ``restore()``,
/// which gives each signal back the action it had. A signal the process was started with ignored
/// (as shells start background jobs) stays ignored and is not caught.
private final class SignalCatcher: Sendable {
    private static let signals: [Int32] = [SIGINT, SIGTERM]
    private let handler: Mutex<(@Sendable (Int32) -> Void)?>
    /// Dispatch sources are safe to use from any thread (they are only cancelled here), but are not
    /// marked Sendable.
    private nonisolated(unsafe) let sources: [any DispatchSourceSignal]
    /// Each caught signal's action before, given back by ``restore()``.
    private let previous: [(signal: Int32, action: Action?)]

    /// A signal's action as `signal(2)` takes and answers it.
    private typealias Action = @convention(c) (Int32) -> Void

    init(handler: @escaping @Sendable (Int32) -> Void) {
        self.handler = Mutex(handler)
        var caught: [(signal: Int32, action: Action?)] = []
        for number in Self.signals {
            let before = signal(number, SIG_IGN)
            if Self.address(before) == Self.address(SIG_IGN) { continue }
            caught.append((number, before))
        }
        previous = caught
        sources = caught.map { DispatchSource.makeSignalSource(signal: $0.signal, queue: .global()) }
        for (source, caught) in zip(sources, caught) {
            let number = caught.signal
            source.setEventHandler { [self] in received(number) }
            source.resume()
        }
    }

    private static func address(_ action: Action?) -> Int {
        unsafeBitCast(action, to: Int.self)
    }

    private func received(_ number: Int32) {
        let first = handler.withLock { current in
            defer { current = nil }
            return current
        }
        guard let first else { return }
        // From here a second interrupt has the signal's own action (for Ctrl-C: stop at once).
        restore()
        first(number)
    }

    func restore() {
        for source in sources where !source.isCancelled { source.cancel() }
        for (number, action) in previous { signal(number, action) }
    }
}
