import Synchronization

/// Cron expressions already parsed in this load, by text, shared by the decoding tasks of one
/// `ManifestLoader.load` (made anew for each load, so nothing outlives it).
final class CronCache: Sendable {
    private let parsed = Mutex<[String: CronExpression]>([:])

    subscript(text: String) -> CronExpression? {
        get { parsed.withLock { $0[text] } }
        set { parsed.withLock { $0[text] = newValue } }
    }
}
