import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The POSIX file operations canvasctl reads and writes its own files with, in one place, so that
/// every module gets the same guarantees: exclusive creation (the state's lock), appends that reach
/// the disk (the journal), atomic replacement (the state file, saved plans, exported manifests, the
/// emulator's data file).
///
/// Two rules hold for every file it touches, because a branch under review may hold anything,
/// links included, and CI runs canvasctl on it:
///
/// - **No links are followed and only regular files are used.** Every open is `O_NOFOLLOW` and is
///   checked with `fstat` on the open descriptor; a link, a directory, a pipe or a device in a
///   file's place is a ``Failure`` of its own kind, so that a committed link cannot make canvasctl
///   read, append to or truncate a file elsewhere. Truncation is through the open descriptor only.
/// - **Nothing is created readable by others**: files are created mode 0600 and directories 0700
///   from the start (never created wider and narrowed after), whatever the umask.
public enum FileSystem {
    /// Why a file operation failed: what the system said, or a link or a special file where a
    /// regular file was expected.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public enum Kind: Sendable, Equatable {
            /// A system call failed with this `errno`.
            case system(Int32)
            /// The path is a symbolic link, which is never followed.
            case symbolicLink
            /// The path is a directory, a pipe, a socket or a device.
            case notRegularFile
        }

        public var kind: Kind
        /// What went wrong, as a phrase: the system's message, or what the path is.
        public var reason: String

        public var description: String { reason }

        static func fromErrno() -> Failure {
            let code = errno
            return Failure(kind: .system(code), reason: String(cString: strerror(code)))
        }

        static let symbolicLink = Failure(kind: .symbolicLink, reason: "it is a symbolic link")
        static let notRegularFile = Failure(kind: .notRegularFile, reason: "it is not a regular file")

        /// True for a link or a special file in a regular file's place.
        public var isNotRegularFile: Bool { kind == .symbolicLink || kind == .notRegularFile }
    }

    /// Owner read and write only: the mode of every file created here.
    static let privateMode: mode_t = 0o600
    /// Owner only: the mode of every directory created here.
    static let privateDirectoryMode: mode_t = 0o700

    /// How an existing file is opened by ``openExisting(_:access:)``.
    public enum Access: Sendable {
        case read
        case readWrite

        var flags: Int32 {
            switch self {
            case .read: O_RDONLY
            case .readWrite: O_RDWR
            }
        }
    }

    // MARK: Opening

    /// A descriptor on the regular file at `path`, never through a link; nil when there is no such
    /// file. The caller closes it (``closeDescriptor(_:)``).
    public static func openExisting(_ path: String, access: Access) throws(Failure) -> Int32? {
        do throws(Failure) {
            return try openRegular(path, flags: access.flags)
        } catch {
            if error.kind == .system(ENOENT) { return nil }
            throw error
        }
    }

    /// A descriptor that appends to the regular file at `path`, creating it (mode 0600) when
    /// missing; never through a link.
    public static func openForAppending(_ path: String) throws(Failure) -> Int32 {
        try openRegular(path, flags: O_WRONLY | O_CREAT | O_APPEND)
    }

    /// A descriptor for reading and writing the regular file at `path`, creating it (mode 0600)
    /// when missing; never through a link. For a lock file, held open for a run.
    public static func openOrCreate(_ path: String) throws(Failure) -> Int32 {
        try openRegular(path, flags: O_RDWR | O_CREAT)
    }

    /// Opens `path` with `flags` plus `O_NOFOLLOW`, and checks on the descriptor that it is a
    /// regular file. `O_NONBLOCK` while opening keeps a pipe in the file's place from blocking the
    /// open; it is cleared again once the file is known to be regular.
    private static func openRegular(_ path: String, flags: Int32) throws(Failure) -> Int32 {
        let descriptor = open(path, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, privateMode)
        guard descriptor >= 0 else {
            let failure = Failure.fromErrno()
            if failure.kind == .system(ELOOP), isSymbolicLink(path) { throw .symbolicLink }
            if failure.kind == .system(EISDIR) { throw .notRegularFile }
            throw failure
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let failure = Failure.fromErrno()
            _ = close(descriptor)
            throw failure
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            _ = close(descriptor)
            throw .notRegularFile
        }
        let current = fcntl(descriptor, F_GETFL)
        if current >= 0 { _ = fcntl(descriptor, F_SETFL, current & ~O_NONBLOCK) }
        return descriptor
    }

    /// True when `path` itself (not what it points to) is a symbolic link.
    private static func isSymbolicLink(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK
    }

    // MARK: Reading

    /// The whole content of the regular file at `path`; nil when there is no such file.
    public static func contents(of path: String) throws(Failure) -> [UInt8]? {
        guard let descriptor = try openExisting(path, access: .read) else { return nil }
        defer { _ = close(descriptor) }
        return try contents(of: descriptor)
    }

    /// Everything from the current offset of `descriptor` to the end of its file.
    public static func contents(of descriptor: Int32) throws(Failure) -> [UInt8] {
        // Read straight into a buffer of the file's size (a state of 10,000 workflows is 14 MB:
        // grown chunk by chunk, it was copied again at each doubling), and not zeroed first (that
        // wrote all 14 MB once more before reading them); one that grows meanwhile is read on to
        // its end.
        var status = stat()
        let expected = fstat(descriptor, &status) == 0 ? max(Int(status.st_size), 0) : 0
        var failure: Int32?
        var bytes = [UInt8](unsafeUninitializedCapacity: expected + 1) { buffer, initialized in
            while initialized < buffer.count {
                let count = read(descriptor, buffer.baseAddress! + initialized, buffer.count - initialized)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if count == 0 { return }
                initialized += count
            }
        }
        if let failure {
            errno = failure
            throw .fromErrno()
        }
        // The file ended where its size said (or sooner): that is all of it.
        if bytes.count <= expected { return bytes }
        var filled = bytes.count
        while true {
            if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(bytes.count, 1 << 16))) }
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .fromErrno()
            }
            if count == 0 {
                bytes.removeSubrange(filled...)
                return bytes
            }
            filled += count
        }
    }

    // MARK: Writing

    /// Creates `path` (mode 0600) with `bytes` in it; returns false (and creates nothing) when
    /// something, a link included, already has that name: O_CREAT | O_EXCL, the one test-and-set a
    /// file system offers. The content is synced.
    public static func createExclusive(_ path: String, bytes: [UInt8]) throws(Failure) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, privateMode)
        guard descriptor >= 0 else {
            if errno == EEXIST { return false }
            throw .fromErrno()
        }
        do throws(Failure) {
            try writeAll(descriptor, bytes)
            try syncToDisk(descriptor)
            _ = close(descriptor)
        } catch {
            _ = close(descriptor)
            _ = unlink(path)
            throw error
        }
        return true
    }

    /// Writes all of `bytes`, going on after short writes and interruptions.
    public static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw .fromErrno()
            }
            offset += count
        }
    }

    /// Waits until what was written to `descriptor` is on the disk.
    public static func syncToDisk(_ descriptor: Int32) throws(Failure) {
        while fsync(descriptor) != 0 {
            if errno != EINTR { throw .fromErrno() }
        }
    }

    /// Cuts the file open on `descriptor` to `length` bytes.
    public static func cut(_ descriptor: Int32, to length: Int) throws(Failure) {
        guard ftruncate(descriptor, off_t(length)) == 0 else { throw .fromErrno() }
    }

    /// Replaces the file at `path` atomically with what `write` writes, given the descriptor of a
    /// new file (mode 0600) at `temporaryPath`: it is then synced and renamed over `path`, so a
    /// reader or a crash sees the old file or the new one, never half of one. The directory is
    /// synced too, so the rename itself survives a power loss. With `durable` false neither sync
    /// is made: the file is still never torn, but a power loss may lose the write.
    ///
    /// A link at `path` is replaced itself, never written through.
    public static func replace(
        _ path: String, through temporaryPath: String, durable: Bool = true, writing write: (Int32) throws(Failure) -> Void
    ) throws(Failure) {
        // A temporary file left by a crash may have another mode: start from nothing.
        _ = unlink(temporaryPath)
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, privateMode)
        guard descriptor >= 0 else { throw .fromErrno() }
        do throws(Failure) {
            try write(descriptor)
            if durable { try syncToDisk(descriptor) }
            guard close(descriptor) == 0 else { throw .fromErrno() }
        } catch {
            _ = close(descriptor)
            _ = unlink(temporaryPath)
            throw error
        }
        guard rename(temporaryPath, path) == 0 else {
            let failure = Failure.fromErrno()
            _ = unlink(temporaryPath)
            throw failure
        }
        if durable { syncDirectory(of: path) }
    }

    /// Replaces the file at `path` atomically with `bytes`, through a temporary file of a name of
    /// its own beside it (``replace(_:through:durable:writing:)``).
    public static func replace(_ path: String, with bytes: [UInt8], durable: Bool = true) throws(Failure) {
        try replace(path, through: temporaryPath(beside: path), durable: durable) { (descriptor: Int32) throws(Failure) in
            try writeAll(descriptor, bytes)
        }
    }

    /// A hidden name in `path`'s directory that no other writer uses: `.NAME.PID.RANDOM.tmp`.
    static func temporaryPath(beside path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let name = ".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        return url.deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// Creates the directory at `path` and any missing parents, each mode 0700; a directory
    /// already there is kept as it is.
    public static func createDirectory(_ path: String) throws(Failure) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            if !prefix.isEmpty && !prefix.hasSuffix("/") { prefix += "/" }
            prefix += component
            var existing = stat()
            if stat(prefix, &existing) == 0 { continue }
            guard mkdir(prefix, privateDirectoryMode) == 0 || errno == EEXIST else { throw .fromErrno() }
        }
        var status = stat()
        guard stat(path, &status) == 0 else { throw .fromErrno() }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            errno = ENOTDIR
            throw .fromErrno()
        }
    }

    /// Closes `descriptor`; there is nothing to do when that fails.
    public static func closeDescriptor(_ descriptor: Int32) {
        _ = close(descriptor)
    }

    /// Removes the file (or link) at `path`; one already gone is not an error.
    public static func removeFile(_ path: String) throws(Failure) {
        guard unlink(path) == 0 || errno == ENOENT else { throw .fromErrno() }
    }

    /// Best effort: some file systems cannot sync a directory, and the data is safe without it
    /// everywhere but on a power loss.
    private static func syncDirectory(of path: String) {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let descriptor = open(directory, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        _ = close(descriptor)
    }
}
