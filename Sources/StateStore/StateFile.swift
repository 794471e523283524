public import Foundation
import FileSupport
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The state of one estate on disk, held by one run at a time: what `apply` records after each
/// successful change so that a killed run followed by a new one converges with no duplicates.
///
/// Four files share the state's path:
///
/// | file | what it is |
/// | --- | --- |
/// | `PATH` | the state as of the last ``commit()``: a ``StateSnapshot`` as pretty JSON |
/// | `PATH.journal` | the changes since, one JSON line each, synced to disk as they are recorded |
/// | `PATH.lock` | who holds the state now (a ``LockHolder``), under an OS lock held for the run (``StateLock``) |
/// | `PATH.tmp` | the next `PATH` while ``commit()`` writes it, renamed over `PATH` |
///
/// Recording a change appends one line to the journal, whatever the number of resources; the state
/// file is rewritten once, by ``commit()``, which folds the journal in. So an apply of n changes
/// costs O(n) in writes, not O(n²) as rewriting the whole state after each change would.
///
/// ``open(path:holder:lockTimeout:now:recordedScopes:)`` takes the lock and replays a journal
/// left by a killed run; ``close()`` releases the lock. The lock is the operating system's, held on
/// an open descriptor: a run that dies in any way releases it, and the next run proceeds. Changes
/// recorded before the death are not lost: they are in the journal, and the next open replays them.
///
/// All methods may be called from several tasks at once (apply's workers): one mutex guards the
/// journal and the in-memory snapshot, so each change is journaled and applied as one step.
///
/// None of the four is ever opened through a symbolic link, and each must be a regular file: a
/// branch under review could otherwise point `PATH.journal` at any file a run may write, and have
/// it truncated or appended to. Such a file is refused with ``StateError`` naming it.
///
/// The store writes what it is given and cannot tell a secret from another string: callers keep
/// secrets out of ``StateRecord/attributes`` and give them as keyed fingerprints instead.
public final class StateFile: Sendable {
    /// The state file's path.
    public let path: String
    /// Who holds the lock: this run.
    public let holder: LockHolder
    /// How many journal entries a killed run had left, replayed on open; the next ``commit()``
    /// folds them into the state file.
    public let recoveredEntries: Int

    private let journalPath: String
    private let lock: StateLock
    private let temporaryPath: String
    private let inner: Mutex<Inner>

    /// What the mutex guards.
    private struct Inner: ~Copyable {
        var snapshot: StateSnapshot
        /// The journal open for appending; -1 until the first change after open or commit.
        var journal: Int32 = -1
        /// The journal's length in bytes up to the last complete entry: where a failed append is
        /// cut back to, so that no half line is left for later lines to follow.
        var journalLength: Int
        /// Entries in the journal not yet folded into the state file.
        var pendingEntries: Int
        /// Set when an append failed and could not be cut back: recording more would follow a half
        /// line, so nothing more is recorded.
        var broken: String?
        var isClosed = false
        /// When the journal was last synced to disk; nil when never since it was opened.
        var lastSync: ContinuousClock.Instant?

        deinit {
            if journal >= 0 { FileSystem.closeDescriptor(journal) }
        }
    }

    private init(path: String, holder: LockHolder, lock: StateLock, snapshot: StateSnapshot, journalLength: Int, recovered: Int) {
        self.path = path
        self.holder = holder
        self.lock = lock
        self.recoveredEntries = recovered
        journalPath = path + ".journal"
        temporaryPath = path + ".tmp"
        inner = Mutex(Inner(snapshot: snapshot, journalLength: journalLength, pendingEntries: recovered))
    }

    // MARK: Opening and locking

    /// Takes the lock on the state at `path` and reads it: the state file (a missing one is an empty
    /// state with a new lineage) with the journal of a killed run replayed on top.
    ///
    /// Throws when another run holds the lock (the error names it), when the state file or the
    /// journal cannot be read or is not valid, or when the lock cannot be made. On every error the
    /// lock taken here is released again. `now` is the clock used to say how long a lock has been
    /// held.
    ///
    /// `recordedScopes` is told the scopes the state file names first (``StateSnapshot/scopes``)
    /// as soon as the file is read, before the rest is parsed (a tenth of a second at 10,000
    /// workflows), so that reading them can start; a hint only, as the file may be out of date
    /// with itself or the journal: the snapshot's own records say which scopes it has.
    public static func open(
        path: String,
        holder: LockHolder,
        lockTimeout: Duration = .zero,
        now: @Sendable () -> Date = Date.init,
        recordedScopes: ([String: [String?]]) -> Void = { _ in }
    ) throws(StateError) -> StateFile {
        let lock = try StateLock.acquire(path + ".lock", holder: holder, timeout: lockTimeout, now: now)
        do throws(StateError) {
            let stored = try readSnapshot(path, recordedScopes: recordedScopes)
            var snapshot = stored ?? StateSnapshot()
            let (recovered, journalLength) = try replayJournal(
                path + ".journal", onto: &snapshot, statePath: path, stateFileExists: stored != nil
            )
            return StateFile(
                path: path, holder: holder, lock: lock, snapshot: snapshot, journalLength: journalLength, recovered: recovered
            )
        } catch {
            lock.release()
            throw error
        }
    }

    /// Reads the state at `path` without taking its lock and without writing anything: the state
    /// file with the journal's complete lines replayed on top. For commands that only look (`run`,
    /// `state list`); what a run in progress records meanwhile is not seen.
    public static func read(path: String) throws(StateError) -> StateSnapshot {
        let stored = try readSnapshot(path)
        var snapshot = stored ?? StateSnapshot()
        _ = try replayJournal(path + ".journal", onto: &snapshot, statePath: path, stateFileExists: stored != nil, repair: false)
        return snapshot
    }

    /// Clears the lock file of the state at `path` when no process holds its lock (a lock file
    /// left by an older canvasctl, or on a file system without OS locks), and says what it found.
    /// A lock that a running process holds is left alone: it goes when that run ends.
    @discardableResult
    public static func forceUnlock(path: String) throws(StateError) -> LockInspection {
        try StateLock.clear(path + ".lock")
    }

    // MARK: Reading

    /// The state file at `path`; nil when there is none.
    private static func readSnapshot(_ path: String, recordedScopes: ([String: [String?]]) -> Void = { _ in }) throws(StateError) -> StateSnapshot? {
        let read: [UInt8]?
        do {
            read = try FileSystem.contents(of: path)
        } catch {
            throw StateError.of(error, path: path) { .unreadable(path: path, reason: $0) }
        }
        guard let bytes = read else { return nil }
        return try StateSnapshot.decoded(from: bytes, location: path, recordedScopes: recordedScopes)
    }

    /// Applies the journal's entries to `snapshot` in order; returns how many there were and the
    /// length of the journal up to its last complete line. A last line with no newline is what a
    /// kill in the middle of an append leaves: it is ignored and cut off, so that the next append
    /// starts on a line of its own.
    private static func replayJournal(
        _ journalPath: String,
        onto snapshot: inout StateSnapshot,
        statePath: String,
        stateFileExists: Bool,
        repair: Bool = true
    ) throws(StateError) -> (entries: Int, length: Int) {
        // Read and, when its last line is torn, cut through one descriptor: the file cut is the
        // file read, whatever happens to the path meanwhile.
        let opened: Int32?
        do {
            opened = try FileSystem.openExisting(journalPath, access: repair ? .readWrite : .read)
        } catch {
            throw StateError.of(error, path: journalPath) { .unreadable(path: journalPath, reason: $0) }
        }
        guard let journal = opened else { return (0, 0) }
        defer { FileSystem.closeDescriptor(journal) }
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.contents(of: journal)
        } catch {
            throw .unreadable(path: journalPath, reason: error.reason)
        }
        let decoder = JSONDecoder()
        var entries = 0
        var lineNumber = 0
        var start = 0
        while let newline = bytes[start...].firstIndex(of: 0x0A) {
            lineNumber += 1
            defer { start = newline + 1 }
            if newline == start { continue }
            let entry: JournalEntry
            do {
                entry = try StateJSON.journalEntry(Array(bytes[start..<newline]))
                    ?? decoder.decode(JournalEntry.self, from: Data(bytes[start..<newline]))
            } catch {
                throw .corruptJournal(path: journalPath, line: lineNumber, reason: DecodingProblem.describe(error))
            }
            if case .begin(let lineage, let serial) = entry {
                try check(journalPath, begun: (lineage, serial), onto: &snapshot, statePath: statePath, stateFileExists: stateFileExists)
                continue
            }
            entry.apply(to: &snapshot.records)
            entries += 1
        }
        if repair && start < bytes.count {
            do {
                try FileSystem.cut(journal, to: start)
                try FileSystem.syncToDisk(journal)
            } catch {
                throw .writeFailed(path: journalPath, reason: "cannot cut off its torn last line: \(error.reason)")
            }
        }
        return (entries, start)
    }

    /// Checks that a journal begun on `begun` builds on `snapshot`: the same lineage, and its serial
    /// or the next one (a run killed after writing the state file but before deleting the journal;
    /// replaying it again changes nothing). With no state file yet, the journal's lineage is taken.
    private static func check(
        _ journalPath: String, begun: (lineage: String, serial: Int), onto snapshot: inout StateSnapshot, statePath: String,
        stateFileExists: Bool
    ) throws(StateError) {
        if !stateFileExists && snapshot.records.isEmpty && begun.serial == 0 {
            snapshot.lineage = begun.lineage
            return
        }
        guard begun.lineage == snapshot.lineage, begun.serial == snapshot.serial || begun.serial + 1 == snapshot.serial else {
            throw .foreignJournal(
                path: journalPath, statePath: statePath,
                journal: "lineage \(begun.lineage), serial \(begun.serial)",
                state: stateFileExists ? "lineage \(snapshot.lineage), serial \(snapshot.serial)" : "no state file"
            )
        }
    }


    // MARK: Recording

    /// The state as it is now: the state file, the replayed journal and every change recorded since.
    public var snapshot: StateSnapshot {
        inner.withLock { $0.snapshot }
    }

    /// Records that the resource at `record.address` now is `record`: appends one line to the
    /// journal, syncs it to disk, and updates ``snapshot``. The state file is not touched.
    ///
    /// Refuses a record whose fingerprints are not keyed fingerprints (``Fingerprinter``), so that a
    /// plain value put there by mistake is never written.
    public func record(_ record: StateRecord) throws(StateError) {
        try StateRecord.checkFingerprints(of: record)
        try append(.put(record))
    }

    /// Records that the resource whose record has `key` is gone: appends one line to the journal, syncs it,
    /// and drops the record from ``snapshot``. Nothing is written when there is no such record.
    public func remove(key: String) throws(StateError) {
        try append(.remove(key: key))
    }

    /// The longest a written journal line waits to be synced to disk while records keep coming.
    static let syncInterval = Duration.milliseconds(200)

    private func append(_ entry: JournalEntry) throws(StateError) {
        let journalPath = self.journalPath
        let line = StateJSON.line(entry) + [0x0A]
        try inner.withLock { (inner: inout Inner) throws(StateError) in
            guard !inner.isClosed else {
                throw .writeFailed(path: journalPath, reason: "the state was closed")
            }
            if case .remove(let key) = entry, inner.snapshot.records[key] == nil { return }
            if let broken = inner.broken {
                throw .writeFailed(path: journalPath, reason: "an earlier append failed (\(broken)); nothing more is recorded")
            }
            if inner.journal < 0 {
                do throws(FileSystem.Failure) {
                    inner.journal = try FileSystem.openForAppending(journalPath)
                } catch {
                    throw StateError.of(error, path: journalPath) { .writeFailed(path: journalPath, reason: $0) }
                }
            }
            // A new journal first names the state file it builds on.
            let bytes = inner.journalLength == 0
                ? StateJSON.line(.begin(lineage: inner.snapshot.lineage, serial: inner.snapshot.serial)) + [0x0A] + line : line
            do throws(FileSystem.Failure) {
                try FileSystem.writeAll(inner.journal, bytes)
                // Written, the line survives a kill of this process. Synced to disk, it survives a
                // crash of the machine too: at most every `syncInterval`, and always at commit, so
                // that thousands of records do not wait for thousands of syncs one by one.
                let now = ContinuousClock.now
                if inner.lastSync.map({ now - $0 >= Self.syncInterval }) ?? true {
                    try FileSystem.syncToDisk(inner.journal)
                    inner.lastSync = now
                }
            } catch {
                // Cut back to the last complete entry, so that later lines do not follow a half one.
                do throws(FileSystem.Failure) {
                    try FileSystem.cut(inner.journal, to: inner.journalLength)
                } catch let cutFailure {
                    inner.broken = cutFailure.reason
                }
                throw .writeFailed(path: journalPath, reason: error.reason)
            }
            inner.journalLength += bytes.count
            inner.pendingEntries += 1
            entry.apply(to: &inner.snapshot.records)
        }
    }

    /// Replaces every record with `snapshot`'s, and takes its lineage, in memory: the next
    /// ``commit()`` writes the file whole (a run killed before then leaves the state as it was).
    public func replace(with snapshot: StateSnapshot) throws(StateError) {
        let path = self.path
        try inner.withLock { (inner: inout Inner) throws(StateError) in
            guard !inner.isClosed else { throw .writeFailed(path: path, reason: "the state was closed") }
            let serial = max(inner.snapshot.serial, snapshot.serial)
            inner.snapshot = snapshot
            inner.snapshot.serial = serial
            inner.pendingEntries += 1
        }
    }

    // MARK: Committing and closing

    /// Folds the journal into the state file: writes the whole snapshot (its serial one higher) to
    /// `PATH.tmp`, syncs it, renames it over `PATH`, then deletes the journal. Does nothing when
    /// nothing was recorded or recovered since the last commit.
    ///
    /// On failure the journal is kept, so nothing recorded is lost; call ``close()`` anyway to
    /// release the lock, and the next open replays the journal.
    public func commit() throws(StateError) {
        let path = self.path
        let journalPath = self.journalPath
        let temporaryPath = self.temporaryPath
        try inner.withLock { (inner: inout Inner) throws(StateError) in
            guard !inner.isClosed else {
                throw .writeFailed(path: path, reason: "the state was closed")
            }
            guard inner.pendingEntries > 0 else { return }
            var next = inner.snapshot
            next.serial += 1
            do throws(FileSystem.Failure) {
                try FileSystem.replace(path, through: temporaryPath) { (descriptor: Int32) throws(FileSystem.Failure) in
                    try StateJSON.writeFile(next) { (piece: [UInt8]) throws(FileSystem.Failure) in try FileSystem.writeAll(descriptor, piece) }
                }
            } catch {
                throw .writeFailed(path: path, reason: error.reason)
            }
            inner.snapshot.serial = next.serial
            // The state file now holds every entry: replaying the journal again would change nothing,
            // so a crash before it is gone loses nothing either.
            if inner.journal >= 0 {
                FileSystem.closeDescriptor(inner.journal)
                inner.journal = -1
            }
            inner.journalLength = 0
            inner.pendingEntries = 0
            inner.broken = nil
            do throws(FileSystem.Failure) {
                try FileSystem.removeFile(journalPath)
            } catch {
                throw .writeFailed(path: journalPath, reason: "the state was written, but its journal cannot be removed: \(error.reason)")
            }
        }
    }

    /// Releases the lock (when it is still this run's) and closes the journal. Changes recorded and
    /// not committed stay in the journal for the next open. Calling it again does nothing.
    ///
    /// A run that crashes never gets here and leaves the lock: by design, the next run must see it.
    public func close() {
        let lock = self.lock
        inner.withLock { (inner: inout Inner) in
            guard !inner.isClosed else { return }
            inner.isClosed = true
            if inner.journal >= 0 {
                // What was recorded and not committed stays in the journal: synced, for the next run.
                try? FileSystem.syncToDisk(inner.journal)
                FileSystem.closeDescriptor(inner.journal)
                inner.journal = -1
            }
            lock.release()
        }
    }

    // MARK: Encoding

    /// JSON with sorted keys; pretty for the state file (it diffs well in git), one line otherwise.
    private static func encode(_ value: some Encodable, pretty: Bool, for path: String) throws(StateError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty
            ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            : [.sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(value))
        } catch {
            throw .writeFailed(path: path, reason: "cannot encode it: \(error)")
        }
    }
}
