public import Foundation
import NIOCore
import PostgresNIO

/// The state in a PostgreSQL database (``PostgresSchema``): a row per record, each recorded change
/// one small write of its own, and an advisory lock held by the run's own connection, so that the
/// server releases it when the run ends however it ends — a kill, a crash, a lost network.
///
/// Several states share one database's tables, told apart by name (`?state=NAME`, `default`).
public struct PostgresStateBackend: StateBackend {
    public let configuration: PostgresStateConfiguration

    /// How often a run waiting for the lock (`--lock-timeout`) asks for it again.
    static let lockPollInterval = Duration.milliseconds(250)

    public init(_ configuration: PostgresStateConfiguration) {
        self.configuration = configuration
    }

    public var location: String { configuration.location }

    private var stateName: String { configuration.stateName }
    private var lockObject: Int32 { PostgresSchema.lockObject(of: configuration.stateName) }

    public func open(
        holder: LockHolder, lockTimeout: Duration, now: @escaping @Sendable () -> Date, recordedScopes: @escaping @Sendable ([String: [String?]]) -> Void
    ) async throws(StateError) -> any StateSession {
        let link = try await PostgresLink.connect(configuration)
        do throws(StateError) {
            let tablesExist = try await lock(on: link, timeout: lockTimeout)
            try await prepareTables(on: link, exist: tablesExist)
            try await link.run(
                """
                INSERT INTO canvasctl.locks (state, holder, backend_pid, locked_at) VALUES (\(stateName), \(Self.text(of: holder)), pg_backend_pid(), now())
                ON CONFLICT (state) DO UPDATE SET holder = EXCLUDED.holder, backend_pid = EXCLUDED.backend_pid, locked_at = EXCLUDED.locked_at
                """,
                writing: true
            )
            let stored = try await read(on: link, recordedScopes: recordedScopes)
            return PostgresStateSession(
                holder: holder, link: link, snapshot: stored.snapshot, exists: stored.exists, formatVersion: stored.formatVersion
            )
        } catch {
            await link.close()
            throw error
        }
    }

    public func read() async throws(StateError) -> StateSnapshot {
        try await withLink { link throws(StateError) in
            guard try await tablesExist(on: link) else { return StateSnapshot() }
            try await prepareTables(on: link, exist: true)
            return try await read(on: link, recordedScopes: { _ in }).snapshot
        }
    }

    /// The advisory lock goes with the connection that held it, so there is never a lock to clear:
    /// this says who holds it, or removes the holder's row a run left (it names no live lock).
    public func forceUnlock(lockID: String?) async throws(StateError) -> LockInspection {
        guard lockID == nil else { throw .usage("a PostgreSQL state's lock has no id: give no LOCK_ID for \(location)") }
        return try await withLink { link throws(StateError) in
            guard try await tablesExist(on: link) else { return .none }
            if let holder = try await liveHolder(on: link) { return .held(holder.holder) }
            var left: LockHolder??
            try await link.run("DELETE FROM canvasctl.locks WHERE state = \(stateName) RETURNING holder", writing: true) { row throws(StateError) in
                left = .some(Self.holder(from: try link.decode(row, as: String.self) { try $0.decode(String.self) }))
            }
            return left.map { .stale($0) } ?? .none
        }
    }

    /// Runs `body` on a connection of its own, closed however `body` ends.
    private func withLink<T>(_ body: (PostgresLink) async throws(StateError) -> T) async throws(StateError) -> T {
        let link = try await PostgresLink.connect(configuration)
        do throws(StateError) {
            let value = try await body(link)
            await link.close()
            return value
        } catch {
            await link.close()
            throw error
        }
    }

    // MARK: The lock

    /// Takes the state's advisory lock on `link`, asking again every ``lockPollInterval`` for up
    /// to `timeout`; answers whether canvasctl's tables exist.
    private func lock(on link: PostgresLink, timeout: Duration) async throws(StateError) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            var locked = false
            var tablesExist = false
            try await link.run(
                "SELECT pg_try_advisory_lock(\(PostgresSchema.lockClass), \(lockObject)), to_regclass('canvasctl.locks') IS NOT NULL",
                writing: false
            ) { row throws(StateError) in
                (locked, tablesExist) = try link.decode(row, as: (Bool, Bool).self) { try $0.decode((Bool, Bool).self) }
            }
            if locked { return tablesExist }
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else {
                let holder = tablesExist ? try await liveHolder(on: link) : nil
                throw .locked(holder: holder?.holder, lockPath: location, ageSeconds: holder?.ageSeconds)
            }
            try? await Task.sleep(for: min(remaining, Self.lockPollInterval))
        }
    }

    /// The holder the lock row names, when the server session it names holds the state's lock.
    private func liveHolder(on link: PostgresLink) async throws(StateError) -> (holder: LockHolder?, ageSeconds: Int)? {
        var found: (LockHolder?, Int)?
        try await link.run(
            """
            SELECT l.holder, EXTRACT(EPOCH FROM now() - l.locked_at)::bigint FROM canvasctl.locks l
            WHERE l.state = \(stateName) AND EXISTS (
                SELECT 1 FROM pg_locks p WHERE p.locktype = 'advisory' AND p.granted AND p.pid = l.backend_pid
                AND p.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                AND p.classid = \(PostgresSchema.lockClass)::oid AND p.objid = \(lockObject)::oid AND p.objsubid = 2)
            """,
            writing: false
        ) { row throws(StateError) in
            let (text, age) = try link.decode(row, as: (String, Int64).self) { try $0.decode((String, Int64).self) }
            found = (Self.holder(from: text), Int(age))
        }
        return found.map { (holder: $0.0, ageSeconds: $0.1) }
    }

    private static func text(of holder: LockHolder) -> String {
        (try? JSONEncoder().encode(holder)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    private static func holder(from text: String) -> LockHolder? {
        try? JSONDecoder().decode(LockHolder.self, from: Data(text.utf8))
    }

    // MARK: Tables

    private func tablesExist(on link: PostgresLink) async throws(StateError) -> Bool {
        var exists = false
        try await link.run("SELECT to_regclass('canvasctl.locks') IS NOT NULL", writing: false) { row throws(StateError) in
            exists = try link.decode(row, as: Bool.self) { try $0.decode(Bool.self) }
        }
        return exists
    }

    /// Creates canvasctl's schema and tables when they do not `exist`, or upgrades tables of format
    /// 1, in one transaction under a lock of its own, so that two runs on one database (of two
    /// states) do not do it at once.
    private func prepareTables(on link: PostgresLink, exist: Bool) async throws(StateError) {
        if exist {
            var formatOne = false
            try await link.run(PostgresQuery(unsafeSQL: PostgresSchema.isFormatOne), writing: false) { row throws(StateError) in
                formatOne = try link.decode(row, as: Bool.self) { try $0.decode(Bool.self) }
            }
            guard formatOne else { return }
        }
        do throws(StateError) {
            try await link.run("BEGIN", writing: true)
            try await link.run("SELECT pg_advisory_xact_lock(\(PostgresSchema.schemaLockClass), 0)", writing: true)
            // Asked again under the lock: another run may have done it meanwhile.
            var formatOne = false
            if exist {
                try await link.run(PostgresQuery(unsafeSQL: PostgresSchema.isFormatOne), writing: false) { row throws(StateError) in
                    formatOne = try link.decode(row, as: Bool.self) { try $0.decode(Bool.self) }
                }
            }
            for statement in exist ? (formatOne ? PostgresSchema.upgradeFromFormatOne : []) : PostgresSchema.creation {
                try await link.run(PostgresQuery(unsafeSQL: statement), writing: true)
            }
            try await link.run("COMMIT", writing: true)
        } catch {
            try? await link.run("ROLLBACK", writing: true)
            throw error
        }
    }

    // MARK: Reading

    /// The state as stored: its row, and its records, whose scopes `recordedScopes` is told first.
    /// `exists` is false when the state has no row yet (a new state). A state of format 1 is read
    /// upgraded; ``PostgresStateSession`` writes it anew at its first write.
    private func read(
        on link: PostgresLink, recordedScopes: @escaping @Sendable ([String: [String?]]) -> Void
    ) async throws(StateError) -> (snapshot: StateSnapshot, exists: Bool, formatVersion: Int) {
        var head: (lineage: String, serial: Int64, version: Int32)?
        try await link.run("SELECT lineage, serial, format_version FROM canvasctl.states WHERE name = \(stateName)", writing: false) {
            row throws(StateError) in
            let (lineage, serial, version) = try link.decode(row, as: (String, Int64, Int32).self) { try $0.decode((String, Int64, Int32).self) }
            head = (lineage, serial, version)
        }
        guard let head else {
            recordedScopes([:])
            return (StateSnapshot(), false, StateSnapshot.currentFormatVersion)
        }
        guard head.version == 1 || Int(head.version) == StateSnapshot.currentFormatVersion else {
            throw .unsupportedVersion(path: location, found: Int(head.version))
        }
        var scopes: [String: [String?]] = [:]
        try await link.run("SELECT DISTINCT provider, scope FROM canvasctl.records WHERE state = \(stateName)", writing: false) {
            row throws(StateError) in
            let (provider, scope) = try link.decode(row, as: (String, String?).self) { try $0.decode((String, String?).self) }
            scopes[provider, default: []].append(scope)
        }
        recordedScopes(scopes.mapValues { $0.sorted { ($0 ?? "") < ($1 ?? "") } })

        var records: [(String, StateRecord)] = []
        let location = self.location
        try await link.run("SELECT provider, address, record FROM canvasctl.records WHERE state = \(stateName)", writing: false) {
            row throws(StateError) in
            let (provider, address, buffer) = try link.decode(row, as: (String, String, ByteBuffer).self) {
                try $0.decode((String, String, ByteBuffer).self)
            }
            let record = try Self.record(Array(buffer.readableBytesView), key: StateRecord.key(provider: provider, address: address), location: location)
            records.append((record.key, record))
        }
        var table = [String: StateRecord](minimumCapacity: records.count)
        for (key, record) in records { table[key] = record }
        return (StateSnapshot(lineage: head.lineage, serial: Int(head.serial), records: table), true, Int(head.version))
    }

    /// One record's row, read as the state file's records are, or why it cannot be.
    private static func record(_ bytes: [UInt8], key: String, location: String) throws(StateError) -> StateRecord {
        let record: StateRecord
        if let fast = StateJSON.record(text: bytes) {
            record = fast
        } else {
            do {
                record = try JSONDecoder().decode(StateRecord.self, from: Data(bytes))
            } catch {
                throw .corrupt(path: location, reason: "the record of `\(key)` is not valid: \(DecodingProblem.describe(error))")
            }
        }
        guard record.key == key else {
            throw .corrupt(path: location, reason: "the row of `\(key)` holds the record of `\(record.key)`")
        }
        return record
    }
}
