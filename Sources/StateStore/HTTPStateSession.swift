import Foundation
import Synchronization

/// A state opened on an HTTP state server by one run (``HTTPStateBackend``): changes are applied to
/// the snapshot in memory and uploaded whole at most every ``HTTPStateBackend/Configuration/uploadInterval``
/// while they keep coming, and at ``commit()``; ``close()`` unlocks.
///
/// Before each upload the stored state is read again: a state of another lineage, or of a higher
/// serial than the one this run opened (a run that raced past a server without locks), is not
/// overwritten.
final class HTTPStateSession: StateSession {
    let holder: LockHolder
    let recoveredEntries = 0
    private let lock: LockInfo
    private let transport: HTTPStateTransport
    private let location: String
    private let uploadInterval: Duration
    private let inner: Mutex<Inner>

    private struct Inner {
        var snapshot: StateSnapshot
        /// The lineage and serial on the server as this run last read or wrote them: an upload
        /// finds them there, or refuses.
        var storedLineage: String
        var storedSerial: Int
        /// Changes recorded since the last upload.
        var pending = 0
        var lastUpload = ContinuousClock.now
        /// Set while one upload is under way: uploads go one at a time, so that an older snapshot
        /// never overwrites a newer one and each counts off the changes it carried.
        var uploading = false
        var isClosed = false
    }

    init(
        holder: LockHolder, lock: LockInfo, snapshot: StateSnapshot, transport: HTTPStateTransport, location: String,
        uploadInterval: Duration
    ) {
        self.holder = holder
        self.uploadInterval = uploadInterval
        self.lock = lock
        self.transport = transport
        self.location = location
        inner = Mutex(Inner(snapshot: snapshot, storedLineage: snapshot.lineage, storedSerial: snapshot.serial))
    }

    var snapshot: StateSnapshot { inner.withLock { $0.snapshot } }

    func record(_ record: StateRecord) async throws(StateError) {
        try StateRecord.checkFingerprints(of: record)
        try await change(JournalEntry.put(record))
    }

    func remove(key: String) async throws(StateError) {
        try await change(.remove(key: key))
    }

    private func change(_ entry: JournalEntry) async throws(StateError) {
        let due = try inner.withLock { (inner: inout Inner) throws(StateError) -> Bool in
            guard !inner.isClosed else { throw .writeFailed(path: location, reason: "the state was closed") }
            entry.apply(to: &inner.snapshot.records)
            inner.pending += 1
            guard !inner.uploading, ContinuousClock.now - inner.lastUpload >= uploadInterval else { return false }
            inner.uploading = true
            return true
        }
        if due { try await upload() }
    }

    func replace(with snapshot: StateSnapshot) async throws(StateError) {
        try inner.withLock { (inner: inout Inner) throws(StateError) in
            guard !inner.isClosed else { throw .writeFailed(path: location, reason: "the state was closed") }
            inner.snapshot = snapshot
            inner.pending += 1
        }
    }

    func commit() async throws(StateError) {
        while true {
            let turn = inner.withLock { inner -> Bool? in
                guard inner.pending > 0 else { return nil }
                guard !inner.uploading else { return false }
                inner.uploading = true
                return true
            }
            switch turn {
            case nil: return
            case true?: return try await upload()
            case false?: try? await Task.sleep(for: .milliseconds(10))
            }
        }
    }

    /// Uploads the snapshot as it is now, its serial one higher than the stored one; the caller
    /// has set `uploading`, which this clears however it ends.
    private func upload() async throws(StateError) {
        do throws(StateError) {
            try await uploadNow()
        } catch {
            inner.withLock { $0.uploading = false }
            throw error
        }
        inner.withLock { $0.uploading = false }
    }

    private func uploadNow() async throws(StateError) {
        let (next, pending, base) = inner.withLock { inner -> (StateSnapshot, Int, (lineage: String, serial: Int)) in
            var next = inner.snapshot
            next.serial = max(inner.storedSerial, inner.snapshot.serial) + 1
            inner.lastUpload = ContinuousClock.now
            return (next, inner.pending, (inner.storedLineage, inner.storedSerial))
        }
        if let bytes = try await transport.get(location: location) {
            let stored = try StateSnapshot.decoded(from: bytes, location: location)
            guard stored.lineage == base.lineage else {
                throw .conflict(location: location, reason: "the stored state is of another lineage (\(stored.lineage)) than the one this run read (\(base.lineage))")
            }
            guard stored.serial <= base.serial else {
                throw .conflict(location: location, reason: "the stored state (serial \(stored.serial)) is newer than the one this run read; another run wrote it")
            }
        }
        try await transport.put(next, lockID: lock.id, location: location)
        inner.withLock { inner in
            inner.storedLineage = next.lineage
            inner.storedSerial = next.serial
            inner.snapshot.serial = next.serial
            inner.pending -= pending
        }
    }

    func close() async {
        let first = inner.withLock { inner in
            defer { inner.isClosed = true }
            return !inner.isClosed
        }
        guard first else { return }
        try? await transport.unlock(lock, location: location)
    }
}
