public import Foundation

/// The state in a local file (``StateFile``): a journal line per recorded change, synced to disk;
/// the whole file rewritten once at commit; an OS lock that dies with its run (``StateLock``).
///
/// The file is read on a thread of its own (``DedicatedThread``), so that parsing a large state
/// does not hold one of the cooperative pool's few threads while network reads wait there.
public struct FileStateBackend: StateBackend {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    public var location: String { path }

    public func open(
        holder: LockHolder, lockTimeout: Duration, now: @escaping @Sendable () -> Date, recordedScopes: @escaping @Sendable ([String: [String?]]) -> Void
    ) async throws(StateError) -> any StateSession {
        let path = self.path
        // `recordedScopes` is told from the reading thread, as the file's first lines are read.
        return try await DedicatedThread.run("state file") { () throws(StateError) -> StateFile in
            try StateFile.open(path: path, holder: holder, lockTimeout: lockTimeout, now: now, recordedScopes: recordedScopes)
        }.get()
    }

    public func read() async throws(StateError) -> StateSnapshot {
        let path = self.path
        return try await DedicatedThread.run("state file") { () throws(StateError) -> StateSnapshot in
            try StateFile.read(path: path)
        }.get()
    }

    /// A local lock has no id: `lockID` must be nil.
    public func forceUnlock(lockID: String?) async throws(StateError) -> LockInspection {
        guard lockID == nil else { throw .usage("a local state's lock has no id: give no LOCK_ID for \(path)") }
        return try StateFile.forceUnlock(path: path)
    }
}

extension StateFile: StateSession {}
