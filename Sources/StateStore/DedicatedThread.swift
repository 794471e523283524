import Foundation

/// Runs blocking work (reading and parsing a large file) on a thread of its own, so that it does
/// not hold one of the few threads of Swift's cooperative pool while network reads wait there to
/// be resumed: at 10,000 workflows, the state file took a pool thread for a fifth of a second and
/// held every read back until it was done.
enum DedicatedThread {
    static func run<T: Sendable, E: Error>(_ name: String, _ work: @escaping @Sendable () throws(E) -> T) async -> Result<T, E> {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: Result { () throws(E) -> T in try work() })
            }
            thread.name = name
            thread.start()
        }
    }
}
