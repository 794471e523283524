/// Why an operation could not connect to Canvas (no endpoint, no credentials, a refused URL, an
/// account that is not an id), as a sentence that says what to do. It never holds a key or a token.
public struct ConnectionError: Error, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
