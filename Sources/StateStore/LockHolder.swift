import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Who holds a state's lock: written into the lock file when a run takes it, and shown when another
/// run finds the state locked, so that a person can tell whether that run is still going before
/// clearing a lock it left behind.
public struct LockHolder: Codable, Sendable, Hashable {
    /// The process id of the run.
    public var pid: Int32
    /// The host the run is on.
    public var host: String
    /// The user the run is under.
    public var user: String
    /// The command, as `canvasctl apply`.
    public var command: String
    /// When the run took the lock, ISO 8601.
    public var startedAt: String

    public init(pid: Int32, host: String, user: String, command: String, startedAt: String) {
        self.pid = pid
        self.host = host
        self.user = user
        self.command = command
        self.startedAt = startedAt
    }

    /// This process, running `command`, from now.
    public static func current(command: String) -> LockHolder {
        LockHolder(
            pid: getpid(),
            host: hostName(),
            user: ProcessInfo.processInfo.userName,
            command: command,
            startedAt: Date().formatted(.iso8601)
        )
    }

    private static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "unknown" : name
    }
}
