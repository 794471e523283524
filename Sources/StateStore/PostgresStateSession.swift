import Foundation
import JSONSupport
import PostgresNIO
import Synchronization

/// A PostgreSQL state opened and locked by one run (``PostgresStateBackend``). Each recorded change
/// is one statement in its own transaction on the run's connection — the one that holds the lock,
/// so no write is made without it; the first also raises the state's serial, from the one this
/// run read (a state changed meanwhile by a run that went around the lock is refused, not
/// overwritten). ``close()`` ends the connection, and the lock with it.
///
/// When the connection ends during the run, ``failure`` says so: apply starts no new change, and
/// every later record fails.
final class PostgresStateSession: StateSession {
    let holder: LockHolder
    let recoveredEntries = 0
    private let link: PostgresLink
    private let inner: Mutex<Inner>

    private struct Inner {
        var snapshot: StateSnapshot
        /// The lineage and serial stored as this run last read or wrote them.
        var storedLineage: String
        var storedSerial: Int
        /// Whether the state has its row (false for a new state until its first write).
        var exists: Bool
        /// The first write's raising of the serial, which every write waits for.
        var begun: Task<Result<Void, StateError>, Never>?
        /// Whether the raised serial was taken into the snapshot.
        var serialRaised = false
        /// Set by ``replace(with:)``, and by the first write to a state of an older format:
        /// ``commit()`` writes every record anew, in the current format.
        var replaced = false
        /// The format the state's row says it has.
        var formatVersion: Int
        var failure: StateError?
        var isClosed = false
    }

    init(holder: LockHolder, link: PostgresLink, snapshot: StateSnapshot, exists: Bool, formatVersion: Int) {
        self.holder = holder
        self.link = link
        inner = Mutex(Inner(
            snapshot: snapshot, storedLineage: snapshot.lineage, storedSerial: snapshot.serial, exists: exists, formatVersion: formatVersion
        ))
        let location = link.location
        link.onLoss { [weak self] in
            self?.inner.withLock { inner in
                if inner.failure == nil, !inner.isClosed {
                    inner.failure = .connectionLost(location: location, reason: "the server or the network ended it")
                }
            }
        }
    }

    var snapshot: StateSnapshot { inner.withLock { $0.snapshot } }

    var failure: StateError? { inner.withLock { $0.failure } }

    private var stateName: String { link.configuration.stateName }

    func record(_ record: StateRecord) async throws(StateError) {
        try StateRecord.checkFingerprints(of: record)
        let text = StateJSON.json(record).jsonText
        try await write(
            """
            INSERT INTO canvasctl.records (state, provider, address, scope, record)
            VALUES (\(stateName), \(record.provider), \(record.address), \(record.scope), \(text))
            ON CONFLICT (state, provider, address) DO UPDATE SET scope = EXCLUDED.scope, record = EXCLUDED.record
            """
        ) { $0.records[record.key] = record }
    }

    func remove(key: String) async throws(StateError) {
        guard let record = inner.withLock({ $0.snapshot.records[key] }) else { return }
        try await write(
            "DELETE FROM canvasctl.records WHERE state = \(stateName) AND provider = \(record.provider) AND address = \(record.address)"
        ) { $0.records[key] = nil }
    }

    /// Runs one change's statement after the serial was raised, and applies it to the snapshot.
    private func write(_ statement: PostgresQuery, applying change: @Sendable (inout StateSnapshot) -> Void) async throws(StateError) {
        try check()
        try await begin()
        do throws(StateError) {
            try await link.run(statement, writing: true)
        } catch {
            lost(error)
            throw error
        }
        inner.withLock { change(&$0.snapshot) }
    }

    private func check() throws(StateError) {
        try inner.withLock { (inner: inout Inner) throws(StateError) in
            if let failure = inner.failure { throw failure }
            guard !inner.isClosed else { throw .writeFailed(path: link.location, reason: "the state was closed") }
        }
    }

    /// Remembers a lost connection as the session's failure.
    private func lost(_ error: StateError) {
        guard error.isConnectionLost else { return }
        inner.withLock { if $0.failure == nil { $0.failure = error } }
    }

    /// Raises the stored serial by one, once per run, before its first change: from the serial
    /// this run read, in the lineage it read; a state that moved meanwhile is refused.
    private func begin() async throws(StateError) {
        let task = inner.withLock { inner -> Task<Result<Void, StateError>, Never> in
            if let begun = inner.begun { return begun }
            let (lineage, serial) = (inner.storedLineage, inner.storedSerial)
            let task = Task { [link, stateName] () -> Result<Void, StateError> in
                do throws(StateError) {
                    try await Self.raiseSerial(on: link, state: stateName, lineage: lineage, from: serial)
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
            inner.begun = task
            return task
        }
        switch await task.value {
        case .success:
            inner.withLock { inner in
                guard !inner.serialRaised else { return }
                inner.serialRaised = true
                inner.storedSerial += 1
                inner.snapshot.serial = inner.storedSerial
                inner.exists = true
                // A state of an older format is written anew, whole, at the end of the run.
                if inner.formatVersion != StateSnapshot.currentFormatVersion { inner.replaced = true }
            }
        case .failure(let error):
            lost(error)
            throw error
        }
    }

    /// Sets the state's serial to `serial + 1` where it is `serial` in `lineage`, making its row
    /// when there is none; refuses when the stored state is another.
    private static func raiseSerial(on link: PostgresLink, state: String, lineage: String, from serial: Int) async throws(StateError) {
        var raised = false
        try await link.run(
            """
            INSERT INTO canvasctl.states (name, lineage, serial, format_version) VALUES (\(state), \(lineage), \(Int64(serial + 1)), \(Int32(StateSnapshot.currentFormatVersion)))
            ON CONFLICT (name) DO UPDATE SET serial = canvasctl.states.serial + 1, updated_at = now()
            WHERE canvasctl.states.lineage = EXCLUDED.lineage AND canvasctl.states.serial = \(Int64(serial))
            RETURNING serial
            """,
            writing: true
        ) { _ in raised = true }
        guard raised else {
            throw .conflict(
                location: link.location,
                reason: "the stored state is no longer the one this run read (lineage \(lineage), serial \(serial)): another run wrote it"
            )
        }
    }

    func replace(with snapshot: StateSnapshot) async throws(StateError) {
        try check()
        inner.withLock { inner in
            let serial = max(inner.storedSerial, snapshot.serial)
            inner.snapshot = snapshot
            inner.snapshot.serial = serial
            inner.replaced = true
        }
    }

    /// Every recorded change is already stored; a replaced state (`state push`, `state migrate`)
    /// is written here, whole, in one transaction: its row, then its records in batches.
    func commit() async throws(StateError) {
        try check()
        let (snapshot, replaced, storedLineage, storedSerial, exists) = inner.withLock {
            ($0.snapshot, $0.replaced, $0.storedLineage, $0.storedSerial, $0.exists)
        }
        guard replaced else { return }
        let serial = max(storedSerial, snapshot.serial) + 1
        do throws(StateError) {
            try await link.run("BEGIN", writing: true)
            var updated = false
            if exists {
                try await link.run(
                    """
                    UPDATE canvasctl.states SET lineage = \(snapshot.lineage), serial = \(Int64(serial)),
                    format_version = \(Int32(StateSnapshot.currentFormatVersion)), updated_at = now()
                    WHERE name = \(stateName) AND lineage = \(storedLineage) AND serial = \(Int64(storedSerial)) RETURNING serial
                    """,
                    writing: true
                ) { _ in updated = true }
            } else {
                try await link.run(
                    """
                    INSERT INTO canvasctl.states (name, lineage, serial, format_version)
                    VALUES (\(stateName), \(snapshot.lineage), \(Int64(serial)), \(Int32(StateSnapshot.currentFormatVersion)))
                    ON CONFLICT (name) DO NOTHING RETURNING serial
                    """,
                    writing: true
                ) { _ in updated = true }
            }
            guard updated else {
                throw StateError.conflict(location: link.location, reason: "the stored state is no longer the one this run read: another run wrote it")
            }
            try await link.run("DELETE FROM canvasctl.records WHERE state = \(stateName)", writing: true)
            let records = snapshot.records.values.sorted { $0.key < $1.key }
            for start in stride(from: 0, to: records.count, by: Self.batchSize) {
                try await insert(records[start..<min(start + Self.batchSize, records.count)])
            }
            try await link.run("COMMIT", writing: true)
        } catch {
            try? await link.run("ROLLBACK", writing: true)
            lost(error)
            throw error
        }
        inner.withLock { inner in
            inner.storedLineage = snapshot.lineage
            inner.storedSerial = serial
            inner.snapshot.serial = serial
            inner.exists = true
            inner.replaced = false
            inner.formatVersion = StateSnapshot.currentFormatVersion
        }
    }

    /// Records per statement when a state is written whole: five values each, far under the
    /// protocol's 65,535.
    private static let batchSize = 1000

    private func insert(_ records: ArraySlice<StateRecord>) async throws(StateError) {
        var sql = "INSERT INTO canvasctl.records (state, provider, address, scope, record) VALUES "
        var bindings = PostgresBindings(capacity: records.count * 5)
        for (index, record) in records.enumerated() {
            let base = index * 5
            sql += index == 0 ? "" : ", "
            sql += "($\(base + 1), $\(base + 2), $\(base + 3), $\(base + 4), $\(base + 5))"
            bindings.append(stateName)
            bindings.append(record.provider)
            bindings.append(record.address)
            bindings.append(record.scope)
            bindings.append(StateJSON.json(record).jsonText)
        }
        try await link.run(PostgresQuery(unsafeSQL: sql, binds: bindings), writing: true)
    }

    func close() async {
        let first = inner.withLock { inner in
            defer { inner.isClosed = true }
            return !inner.isClosed
        }
        guard first else { return }
        if failure == nil {
            try? await link.run(
                "DELETE FROM canvasctl.locks WHERE state = \(stateName) AND backend_pid = pg_backend_pid()", writing: true
            )
        }
        await link.close()
    }
}
