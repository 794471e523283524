/// A scalar as written (its text and style) and as typed (its value).
public struct Scalar: Sendable, Hashable {
    public enum Style: UInt8, Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded

        /// Whether the text was written between quotes, so that its content starts one column later.
        public var isQuoted: Bool { self == .singleQuoted || self == .doubleQuoted }
    }

    /// The typed value without a copy of the text.
    enum Kind: Sendable, Hashable {
        case null, bool(Bool), int(Int), float(Double), string
    }

    /// The scalar's content after YAML's own escapes and folding, before any typing.
    public var text: String
    public var style: Style
    var kind: Kind
    private var storedSourceWidth: UInt32

    /// How many columns the scalar takes in its source, quotes included, when it stands on one
    /// line; 0 when it spans lines. Lets a caller point inside the scalar only when the text maps
    /// one to one onto the source (no escapes, no folding).
    public var sourceWidth: Int { Int(storedSourceWidth) }

    public init(text: String, style: Style, value: ScalarValue, sourceWidth: Int = 0) {
        self.style = style
        self.storedSourceWidth = UInt32(clamping: sourceWidth)
        switch value {
        case .null: (self.text, kind) = (text, .null)
        case .bool(let value): (self.text, kind) = (text, .bool(value))
        case .int(let value): (self.text, kind) = (text, .int(value))
        case .float(let value): (self.text, kind) = (text, .float(value))
        case .string(let string): (self.text, kind) = (string, .string)
        }
    }

    init(text: String, style: Style, kind: Kind, sourceWidth: Int) {
        self.text = text
        self.style = style
        self.kind = kind
        self.storedSourceWidth = UInt32(clamping: sourceWidth)
    }

    /// The typed value: for strings, the text itself.
    public var value: ScalarValue {
        switch kind {
        case .null: .null
        case .bool(let value): .bool(value)
        case .int(let value): .int(value)
        case .float(let value): .float(value)
        case .string: .string(text)
        }
    }

    /// Scalars are equal when their typed values are: `0x10` and `16` are the same key.
    public static func == (lhs: Scalar, rhs: Scalar) -> Bool {
        switch (lhs.kind, rhs.kind) {
        case (.string, .string): lhs.text == rhs.text
        default: lhs.kind == rhs.kind
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        if case .string = kind { hasher.combine(text) }
    }
}
