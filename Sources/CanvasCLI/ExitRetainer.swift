import Synchronization

/// Keeps the values a command hands over alive until the process exits.
///
/// Freeing a manifest set of 10,000 workflows takes tens of milliseconds, all on one thread, just
/// before a process that is about to exit and get all its memory back anyway (compilers skip the same
/// work: clang's `-disable-free`). The executable owns one retainer and exits without releasing it;
/// tests and embedders pass none, and their values are freed as usual.
public final class ExitRetainer: Sendable {
    private let values = Mutex<[any Sendable]>([])

    public init() {}

    func retain(_ value: any Sendable) {
        values.withLock { $0.append(value) }
    }
}
