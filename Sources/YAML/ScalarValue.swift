/// The typed value of a scalar, resolved by the YAML 1.2 core schema (or by an explicit tag).
///
/// The core schema is the one modern YAML tools use: `yes`, `no`, `on` and `off` are strings, not
/// booleans, and `0777` is the decimal integer 777 (octal is spelled `0o777`). YAML 1.1 loaders such as
/// PyYAML read those differently; we follow 1.2 so that a Norwegian country code `NO` stays `"NO"`.
public enum ScalarValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)

    /// The value as a string, when it is one.
    public var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// A short name of the value's type, for messages such as "expected a string, found an integer".
    public var typeDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int: "an integer"
        case .float: "a number"
        case .string: "a string"
        }
    }
}
