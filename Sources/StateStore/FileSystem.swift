import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few POSIX file operations the state needs, with the guarantees it relies on spelled out:
/// exclusive creation (the lock), appends that reach the disk (the journal), and atomic replacement
/// (the state file). Every file is created mode 0600: the state names live resources and accounts.
enum FileSystem {
    /// A failed system call: what the system said.
    struct Failure: Error {
        var reason: String

        static func fromErrno() -> Failure {
            Failure(reason: String(cString: strerror(errno)))
        }
    }

    /// Owner read and write only.
    static let privateMode: mode_t = 0o600

    /// The whole content of the file at `path`; nil when there is no such file.
    static func contents(of path: String) throws(Failure) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw .fromErrno()
        }
        defer { _ = close(descriptor) }
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

    /// Creates `path` with `bytes` in it; returns false (and creates nothing) when it already
    /// exists: O_CREAT | O_EXCL, the one test-and-set a file system offers. The content is synced.
    static func createExclusive(_ path: String, bytes: [UInt8]) throws(Failure) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, privateMode)
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

    /// A descriptor that appends to `path`, creating it when missing.
    static func openForAppending(_ path: String) throws(Failure) -> Int32 {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, privateMode)
        guard descriptor >= 0 else { throw .fromErrno() }
        return descriptor
    }

    /// Writes all of `bytes`, going on after short writes and interruptions.
    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) throws(Failure) {
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
    static func syncToDisk(_ descriptor: Int32) throws(Failure) {
        while fsync(descriptor) != 0 {
            if errno != EINTR { throw .fromErrno() }
        }
    }

    /// Cuts the file open on `descriptor` to `length` bytes.
    static func cut(_ descriptor: Int32, to length: Int) throws(Failure) {
        guard ftruncate(descriptor, off_t(length)) == 0 else { throw .fromErrno() }
    }

    /// Cuts the file at `path` to `length` bytes.
    static func cut(_ path: String, to length: Int) throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .fromErrno() }
        defer { _ = close(descriptor) }
        try cut(descriptor, to: length)
        try syncToDisk(descriptor)
    }

    /// Replaces the file at `path` atomically with what `write` writes, given the descriptor of a
    /// new file at `temporaryPath`: it is then synced and renamed over `path`, so a reader or a
    /// crash sees the old file or the new one, never half of one. The directory is synced too, so
    /// the rename itself survives a power loss.
    static func replace(_ path: String, through temporaryPath: String, writing write: (Int32) throws(Failure) -> Void) throws(Failure) {
        // A temporary file left by a crash may have another mode: start from nothing.
        _ = unlink(temporaryPath)
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, privateMode)
        guard descriptor >= 0 else { throw .fromErrno() }
        do throws(Failure) {
            try write(descriptor)
            try syncToDisk(descriptor)
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
        syncDirectory(of: path)
    }

    /// Closes `descriptor`; there is nothing to do when that fails.
    static func closeDescriptor(_ descriptor: Int32) {
        _ = close(descriptor)
    }

    /// Removes the file at `path`; a file already gone is not an error.
    static func removeFile(_ path: String) throws(Failure) {
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
