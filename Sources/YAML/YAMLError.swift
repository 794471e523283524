/// Something wrong with a YAML text: where, and a sentence saying what.
public struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
    public var mark: Mark
    public var message: String

    public init(mark: Mark, message: String) {
        self.mark = mark
        self.message = message
    }

    /// `file:line:column: error: message`.
    public var description: String { "\(mark): error: \(message)" }
}
