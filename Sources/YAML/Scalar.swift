/// A scalar as written (its text and style) and as typed (its value).
public struct Scalar: Sendable, Hashable {
    public enum Style: Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded

        /// Whether the text was written between quotes, so that its content starts one column later.
        public var isQuoted: Bool { self == .singleQuoted || self == .doubleQuoted }
    }

    /// The scalar's content after YAML's own escapes and folding, before any typing.
    public var text: String
    public var style: Style
    public var value: ScalarValue

    public init(text: String, style: Style, value: ScalarValue) {
        self.text = text
        self.style = style
        self.value = value
    }

    /// Scalars are equal when their typed values are: `0x10` and `16` are the same key.
    public static func == (lhs: Scalar, rhs: Scalar) -> Bool { lhs.value == rhs.value }
    public func hash(into hasher: inout Hasher) { hasher.combine(value) }
}
