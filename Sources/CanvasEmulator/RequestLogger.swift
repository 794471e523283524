import CanvasAPI
import FileSupport
import JSONSupport
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Appends one JSON line per request to a file, so that tests and benchmarks can see exactly which
/// calls a client made, in which account, and what it got back:
/// `{"method":"GET","path":"/api/Workflows","account":"be4f…","status":200}`.
///
/// `account` is the `ManagedAccountId` header as sent (null when absent); `status` is null for a
/// dropped connection. The file is opened for appending (`O_APPEND`), and each line goes to the
/// operating system in a single `write`, so lines are never interleaved and nothing waits in a buffer.
/// It is created readable by its owner only, and a link in its place is refused.
final class RequestLogger: Sendable {
    /// The open file descriptor; -1 once closed.
    private let descriptor: Mutex<Int32>

    /// Opens (creating when needed, mode 0600) `path` for appending; never through a link.
    init(path: String) throws(EmulatorStartError) {
        do throws(FileSystem.Failure) {
            descriptor = Mutex(try FileSystem.openForAppending(path))
        } catch {
            throw EmulatorStartError(error, path: path, doing: "open the request log")
        }
    }

    deinit {
        finish()
    }

    /// Writes the line for one request.
    func log(method: String, path: String, account: String?, status: Int?) {
        let line = Self.line(method: method, path: path, account: account, status: status)
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        descriptor.withLock { fd in
            guard fd >= 0 else { return }
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return  // A log that cannot be written is not worth failing the request for.
                    }
                    offset += written
                }
            }
        }
    }

    /// Closes the file; later lines are dropped.
    func finish() {
        descriptor.withLock { fd in
            if fd >= 0 {
                _ = close(fd)
                fd = -1
            }
        }
    }

    /// The JSON text of one line, keys in a fixed order.
    static func line(method: String, path: String, account: String?, status: Int?) -> String {
        let accountText = account.map { JSONValue.string($0).jsonText } ?? "null"
        let statusText = status.map { String($0) } ?? "null"
        return "{\"method\":\(JSONValue.string(method).jsonText),\"path\":\(JSONValue.string(path).jsonText),"
            + "\"account\":\(accountText),\"status\":\(statusText)}"
    }
}
