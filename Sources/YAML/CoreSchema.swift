/// Types scalars the way the YAML 1.2 core schema does (https://yaml.org/spec/1.2.2/#1023-core-schema).
///
/// Plain scalars are matched against the schema's null, bool, int and float forms; everything else,
/// and every quoted or block scalar, is a string. Explicit standard tags (`!!str`, `!!int`, …) win
/// over the form. The matchers work on UTF-8 bytes by hand: they run for every plain scalar of every
/// manifest, and `Double(_:)` alone would also accept forms the schema does not (`inf`, hex floats).
enum CoreSchema {
    static let tagPrefix = "tag:yaml.org,2002:"

    enum Failure: Error {
        case notOfTag(String)
    }

    /// The value of a scalar with the given text, style and explicit tag (nil when none was written).
    static func resolve(_ text: String, style: Scalar.Style, tag: String?) throws(Failure) -> ScalarValue {
        if let tag {
            switch tag {
            case tagPrefix + "str": return .string(text)
            case tagPrefix + "null":
                if text.isEmpty || plainNull(text) { return .null }
                throw .notOfTag("null")
            case tagPrefix + "bool":
                if let value = plainBool(text) { return .bool(value) }
                throw .notOfTag("bool")
            case tagPrefix + "int":
                if let value = plainInt(text) { return value }
                throw .notOfTag("int")
            case tagPrefix + "float":
                if let value = plainFloat(text) { return value }
                if let value = plainInt(text) {
                    if case .int(let int) = value { return .float(Double(int)) }
                    return value
                }
                throw .notOfTag("float")
            default:
                // The non-specific tag `!` and application tags (`!local`) carry no schema type.
                return .string(text)
            }
        }
        guard style == .plain else { return .string(text) }
        return resolvePlain(text)
    }

    /// Whether a plain scalar with this content might be anything but a string: false for the
    /// words that most plain scalars are, judged from the first byte and the length alone.
    static func mayBeTyped(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let first = bytes.first else { return true }
        switch first {
        case UInt8(ascii: "~"):
            return bytes.count == 1
        case UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"):
            return bytes.count == 4
        case UInt8(ascii: "f"), UInt8(ascii: "F"):
            return bytes.count == 5
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
            return true
        default:
            return false
        }
    }

    static func resolvePlain(_ text: String) -> ScalarValue {
        guard let first = text.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"):
            if plainNull(text) { return .null }
        case UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"):
            if let value = plainBool(text) { return .bool(value) }
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
            if let value = plainInt(text) { return value }
            if let value = plainFloat(text) { return value }
        default:
            break
        }
        return .string(text)
    }

    static func plainNull(_ text: String) -> Bool {
        text == "~" || text == "null" || text == "Null" || text == "NULL"
    }

    static func plainBool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": true
        case "false", "False", "FALSE": false
        default: nil
        }
    }

    /// `[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+`. Decimal integers beyond 64 bits become floats.
    static func plainInt(_ text: String) -> ScalarValue? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return nil }
        if bytes.count > 2, bytes[0] == UInt8(ascii: "0") {
            if bytes[1] == UInt8(ascii: "o") {
                guard bytes.dropFirst(2).allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7") }) else { return nil }
                return radixValue(text.dropFirst(2), radix: 8)
            }
            if bytes[1] == UInt8(ascii: "x") {
                guard bytes.dropFirst(2).allSatisfy(isHexDigit) else { return nil }
                return radixValue(text.dropFirst(2), radix: 16)
            }
        }
        var digits = bytes[...]
        if let sign = digits.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy(isDigit) else { return nil }
        if let value = Int(text) { return .int(value) }
        return Double(text).map(ScalarValue.float)
    }

    /// An octal or hexadecimal integer; beyond 64 bits a float, as for decimal integers.
    private static func radixValue(_ digits: Substring, radix: Int) -> ScalarValue {
        if let value = Int(digits, radix: radix) { return .int(value) }
        return .float(digits.reduce(0.0) { $0 * Double(radix) + Double(Int(String($1), radix: radix) ?? 0) })
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?\.(inf|Inf|INF)`, `\.(nan|NaN|NAN)`.
    static func plainFloat(_ text: String) -> ScalarValue? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
        case ".nan", ".NaN", ".NAN": return .float(.nan)
        default: break
        }
        let bytes = Array(text.utf8)
        var index = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
        let integerStart = index
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        let integerDigits = index - integerStart
        var fractionDigits = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            fractionDigits = index - fractionStart
            // `.` alone or `-.` is not a number; `1.` is.
            if integerDigits == 0 && fractionDigits == 0 { return nil }
        } else if integerDigits == 0 {
            return nil
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
            let exponentStart = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            if index == exponentStart { return nil }
        }
        guard index == bytes.count else { return nil }
        return Double(text).map(ScalarValue.float)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
    }
}
