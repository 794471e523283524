import FileSupport
/// Why the state could not be opened, read or written, said so that a person can act on it: which
/// file, which line, who holds the lock and how to clear it.
///
/// A small struct around a private list of cases, so that cases can be added without breaking
/// callers; ``lockHolder`` and ``path`` give what a caller may want to react to.
public struct StateError: Error, Sendable, CustomStringConvertible {
    private enum Reason: Sendable {
        /// Another run holds the lock; `holder` is nil when the lock file names no one readable.
        case locked(holder: LockHolder?, lockPath: String, ageSeconds: Int?)
        case unreadable(path: String, reason: String)
        case corrupt(path: String, reason: String)
        case corruptJournal(path: String, line: Int, reason: String)
        case writeFailed(path: String, reason: String)
        case unsupportedVersion(path: String, found: Int)
        case invalidRecord(address: String, reason: String)
        /// The journal was written on top of another state file than the one beside it.
        case foreignJournal(path: String, statePath: String, journal: String, state: String)
        /// A state-side file is a symbolic link (`isLink`), or a directory, pipe or device: it is
        /// neither read nor written through.
        case notRegularFile(path: String, isLink: Bool)
        /// A server's state lock held by another run (the HTTP protocol's LockInfo).
        case lockedRemotely(info: LockInfo, address: String)
        /// A write based on an older state than the stored one, or on a state of another lineage.
        case conflict(location: String, reason: String)
        /// A request that does not fit the state's backend.
        case usage(String)
        /// No connection could be made to the state's server.
        case unreachable(location: String, reason: String)
        /// The connection that held the state's lock ended during the run.
        case connectionLost(location: String, reason: String)
    }

    private let reason: Reason

    private init(_ reason: Reason) {
        self.reason = reason
    }

    static func locked(holder: LockHolder?, lockPath: String, ageSeconds: Int?) -> StateError {
        StateError(.locked(holder: holder, lockPath: lockPath, ageSeconds: ageSeconds))
    }

    static func unreadable(path: String, reason: String) -> StateError {
        StateError(.unreadable(path: path, reason: reason))
    }

    static func corrupt(path: String, reason: String) -> StateError {
        StateError(.corrupt(path: path, reason: reason))
    }

    static func corruptJournal(path: String, line: Int, reason: String) -> StateError {
        StateError(.corruptJournal(path: path, line: line, reason: reason))
    }

    static func writeFailed(path: String, reason: String) -> StateError {
        StateError(.writeFailed(path: path, reason: reason))
    }

    static func unsupportedVersion(path: String, found: Int) -> StateError {
        StateError(.unsupportedVersion(path: path, found: found))
    }

    static func invalidRecord(address: String, reason: String) -> StateError {
        StateError(.invalidRecord(address: address, reason: reason))
    }

    static func foreignJournal(path: String, statePath: String, journal: String, state: String) -> StateError {
        StateError(.foreignJournal(path: path, statePath: statePath, journal: journal, state: state))
    }

    static func notRegularFile(path: String, isLink: Bool) -> StateError {
        StateError(.notRegularFile(path: path, isLink: isLink))
    }

    static func lockedRemotely(info: LockInfo, address: String) -> StateError {
        StateError(.lockedRemotely(info: info, address: address))
    }

    static func conflict(location: String, reason: String) -> StateError {
        StateError(.conflict(location: location, reason: reason))
    }

    static func unreachable(location: String, reason: String) -> StateError {
        StateError(.unreachable(location: location, reason: reason))
    }

    static func connectionLost(location: String, reason: String) -> StateError {
        StateError(.connectionLost(location: location, reason: reason))
    }

    /// A request that does not fit the state or its backend, as a sentence.
    public static func usage(_ message: String) -> StateError {
        StateError(.usage(message))
    }

    /// Who holds the lock, when the state is locked by another run (and the lock names it).
    public var lockHolder: LockHolder? {
        if case .locked(let holder, _, _) = reason { holder } else { nil }
    }

    /// True when the state is locked by another run.
    public var isLocked: Bool {
        switch reason {
        case .locked, .lockedRemotely: true
        default: false
        }
    }

    /// True when the connection that held a PostgreSQL state's lock ended during the run.
    public var isConnectionLost: Bool {
        if case .connectionLost = reason { true } else { false }
    }

    /// The file the error is about, when there is one.
    public var path: String? {
        switch reason {
        case .locked(_, let lockPath, _): lockPath
        case .unreadable(let path, _), .corrupt(let path, _), .corruptJournal(let path, _, _),
             .writeFailed(let path, _), .unsupportedVersion(let path, _), .foreignJournal(let path, _, _, _),
             .notRegularFile(let path, _), .lockedRemotely(_, let path), .conflict(let path, _), .unreachable(let path, _),
             .connectionLost(let path, _):
            path
        case .invalidRecord, .usage: nil
        }
    }

    public var description: String {
        switch reason {
        case .locked(let holder, let lockPath, let ageSeconds):
            let age = ageSeconds.map { " (\(Self.duration($0)) ago)" } ?? ""
            let wait = "the lock goes when that run ends, however it ends: wait for it, or give --lock-timeout (such as --lock-timeout 5m) "
                + "to wait up to that long"
            guard let holder else {
                return "the state is locked by a run that is starting (\(lockPath) names no holder yet); \(wait)"
            }
            return "the state is locked by `\(holder.command)` (pid \(holder.pid) on host \(holder.host), "
                + "user \(holder.user)) since \(holder.startedAt)\(age); \(wait)"
        case .unreadable(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .corrupt(let path, let reason) where StateLocation.isURL(path):
            return "the state at \(path) is not valid: \(reason); put back a good copy (`canvasctl state push FILE --force` "
                + "of a backup) or fix what is named: without a state, the next plan adopts existing resources by name"
        case .corrupt(let path, let reason):
            return "\(path) is not a valid state file: \(reason); restore it (from version control or a backup) "
                + "or move it aside: without a state, the next plan adopts existing resources by name"
        case .corruptJournal(let path, let line, let reason):
            return "line \(line) of \(path) is not a valid journal entry: \(reason); the journal holds the changes "
                + "of a run that did not finish: fix or delete that line, or move the journal aside "
                + "(the resources it recorded are then adopted again by name)"
        case .writeFailed(let path, let reason):
            return "cannot write \(path): \(reason)"
        case .unsupportedVersion(let path, let found):
            return "\(path) has state format version \(found), but this canvasctl reads version "
                + "\(StateSnapshot.currentFormatVersion); use the canvasctl that wrote it, or a newer one"
        case .invalidRecord(let address, let reason):
            return "refusing to record \(address.isEmpty ? "a resource with no address" : address): \(reason)"
        case .foreignJournal(let path, let statePath, let journal, let state):
            return "\(path) holds the changes of a run that did not finish on top of another state (\(journal)) "
                + "than \(statePath) (\(state)); it is not replayed onto it. If \(statePath) was replaced on purpose, "
                + "move the journal aside (the resources it recorded are then adopted again by name); otherwise "
                + "put back the state file it belongs to"
        case .notRegularFile(let path, true):
            return "\(path) is a symbolic link; canvasctl does not follow links for its state files: remove it"
        case .notRegularFile(let path, false):
            return "\(path) is not a regular file; canvasctl keeps its state in regular files only: remove it"
        case .lockedRemotely(let info, let address):
            let operation = info.operation.isEmpty ? "a run" : "`\(info.operation)`"
            let who = info.who.isEmpty ? "" : " by \(info.who)"
            let since = info.created.isEmpty ? "" : " since \(info.created)"
            return "the state at \(address) is locked by \(operation)\(who)\(since) (lock ID \(info.id)); wait for it, or give "
                + "--lock-timeout (such as --lock-timeout 5m) to wait up to that long. If that run is gone (a killed CI job), "
                + "the server keeps its lock: clear it with `canvasctl state unlock \(info.id) --state \(address)`"
        case .conflict(let location, let reason):
            return "refusing to write the state at \(location): \(reason)"
        case .usage(let message):
            return message
        case .unreachable(let location, let reason):
            return "cannot reach the state at \(location): \(reason)"
        case .connectionLost(let location, let reason):
            return "the connection to the state at \(location) was lost (\(reason)), and the state's lock with it: nothing more is "
                + "recorded and no new change starts. What was recorded is kept; a change that finished unrecorded is adopted by "
                + "name by the next apply. Apply again to converge"
        }
    }

    /// `45s`, `12m`, `3h 5m`, `2d 4h`.
    private static func duration(_ seconds: Int) -> String {
        let seconds = max(0, seconds)
        switch seconds {
        case ..<60: return "\(seconds)s"
        case ..<3600: return "\(seconds / 60)m"
        case ..<86_400: return "\(seconds / 3600)h \(seconds % 3600 / 60)m"
        default: return "\(seconds / 86_400)d \(seconds % 86_400 / 3600)h"
        }
    }

    /// `failure` on the state-side file at `path` as the state's error: a link or a special file in
    /// its place is refused as such; any other failure is what `otherwise` makes of its reason.
    static func of(_ failure: FileSystem.Failure, path: String, otherwise: (String) -> StateError) -> StateError {
        switch failure.kind {
        case .symbolicLink: .notRegularFile(path: path, isLink: true)
        case .notRegularFile: .notRegularFile(path: path, isLink: false)
        case .system: otherwise(failure.reason)
        }
    }
}
