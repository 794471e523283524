import FileSupport
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The lock on a state file: an OS lock (`flock`) on `PATH.lock`, held on an open descriptor for
/// the whole run, so that it goes with the process however the process ends — a `kill -9`, an OOM
/// kill, a cancelled CI job never leave a lock that blocks the next run. The file also names its
/// holder (``LockHolder``), for the message a second run prints; a file whose lock no process holds
/// names a run that is gone, and is simply taken over.
///
/// The file is removed when the lock is released. A run that opened it just before then may get
/// the OS lock on the removed file; it checks that the path still names the file it locked, and
/// tries again when it does not, so two runs never both believe they hold the state.
final class StateLock: Sendable {
    let path: String
    private let descriptor: Int32
    /// The device and inode of the locked file: the path is removed on release only when it still
    /// names this file.
    private let identity: FileIdentity
    private let released = Mutex(false)

    private init(path: String, descriptor: Int32, identity: FileIdentity) {
        self.path = path
        self.descriptor = descriptor
        self.identity = identity
    }

    /// A lock dropped without ``release()`` goes as it would with its process: the descriptor is
    /// closed, and the file (naming a holder no longer there) is left for the next run to take over.
    deinit {
        if !released.withLock({ $0 }) { FileSystem.closeDescriptor(descriptor) }
    }

    /// Takes the lock at `path` for `holder`, waiting up to `timeout` for a run that holds it.
    ///
    /// Throws ``StateError/Reason/locked(holder:lockPath:ageSeconds:)`` naming the holder when the
    /// lock is still held after `timeout` (at once for zero).
    static func acquire(_ path: String, holder: LockHolder, timeout: Duration, now: () -> Date) throws(StateError) -> StateLock {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let record = Array((try? encoder.encode(holder)) ?? Data()) + [0x0A]
        let deadline = ContinuousClock.now + timeout
        while true {
            let descriptor = try openLockFile(path)
            if flock(descriptor, LOCK_EX | LOCK_NB) == 0 {
                guard let identity = FileIdentity(descriptor: descriptor), FileIdentity(path: path) == identity else {
                    // Released and removed by its holder between our open and our lock: try the new file.
                    FileSystem.closeDescriptor(descriptor)
                    continue
                }
                do throws(FileSystem.Failure) {
                    try FileSystem.cut(descriptor, to: 0)
                    try FileSystem.writeAll(descriptor, record)
                    try FileSystem.syncToDisk(descriptor)
                } catch {
                    _ = unlink(path)
                    FileSystem.closeDescriptor(descriptor)
                    throw .writeFailed(path: path, reason: "cannot write the lock's holder: \(error.reason)")
                }
                return StateLock(path: path, descriptor: descriptor, identity: identity)
            }
            let failure = errno
            let held = try? FileSystem.contents(of: descriptor)
            FileSystem.closeDescriptor(descriptor)
            guard failure == EWOULDBLOCK || failure == EAGAIN || failure == EINTR else {
                throw .writeFailed(path: path, reason: "cannot take the lock: \(String(cString: strerror(failure)))")
            }
            if failure != EINTR, ContinuousClock.now >= deadline {
                let existing = held.flatMap { try? JSONDecoder().decode(LockHolder.self, from: Data($0)) }
                let age = existing
                    .flatMap { try? Date($0.startedAt, strategy: .iso8601) }
                    .map { Int(now().timeIntervalSince($0)) }
                    .flatMap { $0 >= 0 ? $0 : nil }  // a clock behind the holder's says nothing
                throw .locked(holder: existing, lockPath: path, ageSeconds: age)
            }
            // (The state is opened on a thread of its own, not the cooperative pool: a wait blocks it alone.)
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    /// Releases the lock and removes its file (when the path still names it). Calling it again
    /// does nothing.
    func release() {
        let first = released.withLock { released in
            defer { released = true }
            return !released
        }
        guard first else { return }
        if FileIdentity(path: path) == identity { _ = unlink(path) }
        FileSystem.closeDescriptor(descriptor)
    }

    /// Removes a lock file no process holds; reports a held one without touching it.
    static func clear(_ path: String) throws(StateError) -> LockInspection {
        let descriptor: Int32
        do throws(FileSystem.Failure) {
            guard let opened = try FileSystem.openExisting(path, access: .readWrite) else { return .none }
            descriptor = opened
        } catch {
            throw StateError.of(error, path: path) { .unreadable(path: path, reason: $0) }
        }
        defer { FileSystem.closeDescriptor(descriptor) }
        let holder = (try? FileSystem.contents(of: descriptor)).flatMap { try? JSONDecoder().decode(LockHolder.self, from: Data($0)) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { return .held(holder) }
        if FileIdentity(path: path) == FileIdentity(descriptor: descriptor) { _ = unlink(path) }
        return .stale(holder)
    }

    private static func openLockFile(_ path: String) throws(StateError) -> Int32 {
        do throws(FileSystem.Failure) {
            return try FileSystem.openOrCreate(path)
        } catch {
            throw StateError.of(error, path: path) { .writeFailed(path: path, reason: "cannot open the lock: \($0)") }
        }
    }
}

/// A file's device and inode: which file a path names now, told apart from the one a descriptor
/// holds.
struct FileIdentity: Equatable, Sendable {
    var device: UInt64
    var inode: UInt64

    init?(descriptor: Int32) {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
    }

    init?(path: String) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
    }
}

/// What `state unlock` found at a state's lock file.
public enum LockInspection: Sendable, Equatable {
    /// No lock file.
    case none
    /// A lock file no process holds (left by an older canvasctl, or on a file system without OS
    /// locks), with the holder it names, if any. It was removed.
    case stale(LockHolder?)
    /// A running process holds the lock: it cannot be cleared from outside, and goes when that run
    /// ends.
    case held(LockHolder?)
    /// A server released the lock with this ID (the HTTP state protocol's).
    case released(String)
}
