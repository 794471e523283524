import FileSupport

/// Why an emulator could not start: an unreadable or foreign data file, a request log that cannot be
/// opened, a port that cannot be bound. Its description is a sentence for the user.
public struct EmulatorStartError: Error, Sendable, CustomStringConvertible {
    public let message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { message }

    /// A file the emulator could not use: a link or a special file in its place (refused as such),
    /// or what the system said when it tried `action` (such as "open the request log") on `path`.
    init(_ failure: FileSystem.Failure, path: String, doing action: String) {
        switch failure.kind {
        case .symbolicLink:
            message = "\(path) is a symbolic link; the emulator does not follow links for its files: remove it"
        case .notRegularFile:
            message = "\(path) is not a regular file; the emulator keeps its files in regular files only: remove it"
        case .system:
            message = "cannot \(action) \(path): \(failure.reason)"
        }
    }
}
