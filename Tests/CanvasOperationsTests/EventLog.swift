import Synchronization

/// The events an operation reported, in the order they came, for a test to look at afterwards.
final class EventLog<Event: Sendable>: Sendable {
    private let events = Mutex<[Event]>([])

    /// The callback to hand to the operation.
    var record: @Sendable (Event) -> Void {
        { [self] event in events.withLock { $0.append(event) } }
    }

    var all: [Event] { events.withLock { $0 } }
}
