import SafeText

/// The value of one attribute of a resource, as plans compare and show it.
///
/// A secret never appears as itself: the provider turns it into `.sensitive(fingerprint:)`, a keyed
/// fingerprint, before the reconciler sees it. So a plan, printed or saved, cannot hold a secret,
/// yet a changed secret still shows up as a change.
public enum AttributeValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case list([AttributeValue])
    case map([String: AttributeValue])
    case sensitive(fingerprint: String)

    public var isSensitive: Bool {
        switch self {
        case .sensitive: true
        case .list(let items): items.contains(where: \.isSensitive)
        case .map(let fields): fields.values.contains(where: \.isSensitive)
        default: false
        }
    }

    /// How a person reads it in a plan: `"text"`, `42`, `true`, `null`, `[…]`, `{…}` with keys in
    /// order, and `(sensitive)` for secrets.
    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return String(value)
        case .number(let value):
            return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .string(let text): return Self.quoted(text)
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .map(let fields):
            return "{" + fields.keys.sorted().map { "\(PrintableText.escaped($0)): \(fields[$0]!.description)" }.joined(separator: ", ") + "}"
        case .sensitive: return "(sensitive)"
        }
    }

    /// `text` in double quotes, as a plan shows a string: quotes and backslashes escaped, `\n` and
    /// `\t` as such, and every other character `PrintableText` finds unsafe as `\u{…}`.
    static func quoted(_ text: String) -> String {
        QuotedText.quoted(text, .plan)
    }
}
