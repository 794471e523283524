/// Why an emulator could not start: an unreadable or foreign data file, a request log that cannot be
/// opened, a port that cannot be bound. Its description is a sentence for the user.
public struct EmulatorStartError: Error, Sendable, CustomStringConvertible {
    public let message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}
