import Dispatch
import Foundation
import Synchronization

/// Maps over many independent resources on every core: the planning engine and a provider's
/// resolver treat each manifest resource on its own, and at 10,000 workflows one core took a
/// quarter of a second.
///
/// The indices are cut into contiguous ranges, each mapped on its own thread; the results come
/// back in index order, so that what follows (diagnostics, changes) does not depend on timing.
public enum ConcurrentChunks {
    /// `transform` over `0..<count`, cut into `chunks` ranges (by default, a few per core; one
    /// below a few hundred, where threads would cost more than they save), run at once.
    public static func map<T: Sendable>(count: Int, chunks: Int? = nil, _ transform: @Sendable (Range<Int>) -> [T]) -> [T] {
        let wanted = chunks ?? (count < 512 ? 1 : min(64, ProcessInfo.processInfo.activeProcessorCount * 4))
        let chunkCount = max(1, min(wanted, count))
        let ranges = (0..<chunkCount).map { chunk in (count * chunk / chunkCount)..<(count * (chunk + 1) / chunkCount) }
        guard chunkCount > 1 else { return ranges.flatMap(transform) }
        let results = Results<T>(count: chunkCount)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            results.store(transform(ranges[chunk]), at: chunk)
        }
        return results.joined()
    }

    /// The results of the chunks, each stored once by its chunk.
    private final class Results<T: Sendable>: Sendable {
        private let slots: Mutex<[[T]]>

        init(count: Int) {
            slots = Mutex(Array(repeating: [], count: count))
        }

        func store(_ values: [T], at index: Int) {
            slots.withLock { $0[index] = values }
        }

        func joined() -> [T] {
            slots.withLock { $0.flatMap { $0 } }
        }
    }
}
