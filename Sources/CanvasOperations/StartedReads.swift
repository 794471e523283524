import CanvasProvider
import Synchronization

/// The reads of accounts' lists started before the manifests are loaded, by account: each started
/// once, from the thread that reads the state file or from the planning flow, so that the reads
/// overlap the manifests without one account being read twice.
final class StartedReads: Sendable {
    private let reads = Mutex<[String?: Task<LiveState, any Error>]>([:])

    func start(_ account: String?, _ read: @escaping @Sendable () async throws -> LiveState) {
        reads.withLock { reads in
            if reads[account] == nil { reads[account] = Task(priority: .high, operation: read) }
        }
    }

    var all: [String?: Task<LiveState, any Error>] { reads.withLock { $0 } }
}
