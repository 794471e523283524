import SafeText

/// Any JSON value: for the parts of the Canvas API whose shape the document leaves open (template and
/// workflow variable values, variable `options`, the credentials inside `credentialsJson`) and for
/// the last applied inputs the state keeps. One type for both, so that a value read from the API and
/// one written to the state compare and print alike.
///
/// Numbers are kept as `Double`; a number with no fractional part (and small enough to be exact) is
/// written without a fraction, so `10` stays `10`, never `10.0`. A non-finite number, which JSON
/// cannot hold, is written as `null`.
public enum JSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Tries the kinds in the order they are most common in the API's bodies (strings, then objects
    /// and arrays): a decoder tells a kind only by failing to decode another, and each failure is a
    /// thrown error, which made decoding the emulator's request bodies a sixth of its work.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let object = try? decoder.container(keyedBy: AnyKey.self) {
            var values: [String: JSONValue] = [:]
            values.reserveCapacity(object.allKeys.count)
            for key in object.allKeys {
                values[key.stringValue] = try object.decode(JSONValue.self, forKey: key)
            }
            self = .object(values)
        } else if var array = try? decoder.unkeyedContainer() {
            var values: [JSONValue] = []
            values.reserveCapacity(array.count ?? 0)
            while !array.isAtEnd {
                values.append(try array.decode(JSONValue.self))
            }
            self = .array(values)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON value")
        }
    }

    /// Any key of a JSON object.
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }

        init(stringValue: String) {
            self.stringValue = stringValue
        }

        init?(intValue: Int) {
            nil
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if let integer = Self.exactInteger(value) {
                try container.encode(integer)
            } else if value.isFinite {
                try container.encode(value)
            } else {
                try container.encodeNil()
            }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The value as compact JSON text with object keys sorted, so that equal values give equal text
    /// (what `credentialsJson` is built from). Non-finite numbers, which JSON cannot hold, become `null`.
    public var jsonText: String {
        var text = ""
        write(to: &text)
        return text
    }

    /// The value as indented JSON text (two spaces, keys sorted), for files people read and diff,
    /// written straight into `text`.
    public func writePretty(to text: inout String, indent: Int = 0) {
        switch self {
        case .array(let values) where !values.isEmpty:
            text += "["
            for (index, value) in values.enumerated() {
                text += index == 0 ? "\n" : ",\n"
                text += String(repeating: "  ", count: indent + 1)
                value.writePretty(to: &text, indent: indent + 1)
            }
            text += "\n" + String(repeating: "  ", count: indent) + "]"
        case .object(let members) where !members.isEmpty:
            text += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                text += index == 0 ? "\n" : ",\n"
                text += String(repeating: "  ", count: indent + 1)
                Self.writeString(key, to: &text)
                text += " : "
                members[key, default: .null].writePretty(to: &text, indent: indent + 1)
            }
            text += "\n" + String(repeating: "  ", count: indent) + "}"
        default:
            write(to: &text)
        }
    }

    private func write(to text: inout String) {
        switch self {
        case .null: text += "null"
        case .bool(let value): text += value ? "true" : "false"
        case .number(let value):
            if let integer = Self.exactInteger(value) {
                text += String(integer)
            } else if value.isFinite {
                text += "\(value)"
            } else {
                text += "null"
            }
        case .string(let value): Self.writeString(value, to: &text)
        case .array(let values):
            text += "["
            for (index, value) in values.enumerated() {
                if index > 0 { text += "," }
                value.write(to: &text)
            }
            text += "]"
        case .object(let members):
            text += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { text += "," }
                Self.writeString(key, to: &text)
                text += ":"
                members[key, default: .null].write(to: &text)
            }
            text += "}"
        }
    }

    private static func writeString(_ value: String, to text: inout String) {
        QuotedText.append(value, .json, to: &text)
    }

    /// `value` as an integer when it is one and lies where every integer is exact in a Double (±2^53).
    private static func exactInteger(_ value: Double) -> Int64? {
        guard value.magnitude <= 9_007_199_254_740_992, let integer = Int64(exactly: value) else { return nil }
        return integer
    }
}

extension JSONValue {
    /// True for `null`.
    public var isNull: Bool { self == .null }

    /// The text of a `.string`; nil for every other case.
    public var stringValue: String? {
        if case .string(let value) = self { value } else { nil }
    }

    /// The flag of a `.bool`; nil for every other case.
    public var boolValue: Bool? {
        if case .bool(let value) = self { value } else { nil }
    }

    /// The number of a `.number`; nil for every other case.
    public var numberValue: Double? {
        if case .number(let value) = self { value } else { nil }
    }

    /// The items of an `.array`; nil for every other case.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { value } else { nil }
    }

    /// The members of an `.object`; nil for every other case.
    public var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { value } else { nil }
    }

    /// The member `key` of an `.object`; nil when absent or when this is not an object.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }
}

extension JSONValue: ExpressibleByNilLiteral {
    public init(nilLiteral: ()) { self = .null }
}

extension JSONValue: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
}

extension JSONValue: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) { self = .number(value) }
}

extension JSONValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
}

extension JSONValue: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
    /// A repeated key keeps its last value, as JSON parsers do.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
