public import Foundation

/// Where a state lives and how one run at a time gets it: a local file (``FileStateBackend``), a
/// server speaking Terraform's HTTP state protocol (``HTTPStateBackend``) or a PostgreSQL database
/// (``PostgresStateBackend``). The engine's design —
/// records applied to a snapshot as changes succeed, committed at the end, a lock for the run —
/// is the same on each; a backend says how it makes a recorded change durable and how its lock is
/// held and released.
public protocol StateBackend: Sendable {
    /// The state as messages name it: a path, or a URL without its password.
    var location: String { get }

    /// Takes the lock for `holder` (waiting up to `lockTimeout` for another run's) and reads the
    /// state. `recordedScopes` may be told the scopes the state names (by provider) before the rest is
    /// read.
    func open(
        holder: LockHolder, lockTimeout: Duration, now: @escaping @Sendable () -> Date, recordedScopes: @escaping @Sendable ([String: [String?]]) -> Void
    ) async throws(StateError) -> any StateSession

    /// The state as stored, without taking the lock: for commands that only look.
    func read() async throws(StateError) -> StateSnapshot

    /// Clears a lock that no run holds any more (`state unlock`); `lockID` names it where the
    /// backend's locks have ids (the HTTP protocol's).
    func forceUnlock(lockID: String?) async throws(StateError) -> LockInspection
}

/// A state opened and locked by one run: what apply records as each change succeeds, committed at
/// the end, and the lock released by ``close()``.
///
/// Methods may be called from several tasks at once (apply's workers).
public protocol StateSession: AnyObject, Sendable {
    /// Who holds the lock: this run.
    var holder: LockHolder { get }
    /// The state as it is now: as stored, with every change recorded since.
    var snapshot: StateSnapshot { get }
    /// How many changes of a killed run were recovered on open; the next ``commit()`` stores them.
    var recoveredEntries: Int { get }
    /// Why nothing more can be recorded, once something happened that means it (a PostgreSQL
    /// state's connection, and its lock, lost): apply starts no new change then.
    var failure: StateError? { get }

    /// Records that the resource at `record.key` now is `record`, durably as the backend can.
    func record(_ record: StateRecord) async throws(StateError)
    /// Records that the resource whose record has `key` (``StateRecord/key``) is gone.
    func remove(key: String) async throws(StateError)
    /// Replaces every record with `snapshot`'s and takes its lineage (`state push`, `state
    /// migrate`; the caller checks lineage and serial first); the next ``commit()`` stores it with
    /// a serial above both the stored one and `snapshot`'s.
    func replace(with snapshot: StateSnapshot) async throws(StateError)
    /// Stores the whole state, its serial one higher, when anything was recorded or recovered.
    func commit() async throws(StateError)
    /// Releases the lock. What was recorded and not committed is kept where the backend keeps it
    /// for the next run (the file's journal), or lost since the last upload (the HTTP protocol's:
    /// the next apply adopts those resources by name). Calling it again does nothing.
    func close() async
}

extension StateSession {
    /// The file and the HTTP protocol have nothing that ends a session midway: each write says
    /// for itself whether it failed.
    public var failure: StateError? { nil }
}
