/// A string in double quotes with its escapes, in each notation canvasctl writes one: JSON for
/// programs (the state, fingerprints, journal lines), JSON that is also safe to show (plan JSON),
/// a plan's quoted values, and YAML's double-quoted scalars. One escaper for all of them, so that
/// they agree on what a quote, a backslash and a line break become, and differ only in what else
/// they escape and how they spell it.
public enum QuotedText {
    public enum Notation: Sendable {
        /// RFC 8259's escapes and nothing more: `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, and the
        /// other C0 controls as `\u00XX`. The same text for the same string, always: fingerprints
        /// are made over it.
        case json
        /// JSON with, besides, every scalar ``PrintableText`` finds unsafe as a `\uXXXX` escape:
        /// the same string to a program, nothing a terminal or a viewer acts on to a person.
        case printableJSON
        /// A plan's quoted value: `\"`, `\\`, `\n`, `\t`, and every other unsafe scalar as
        /// `\u{HEX}`, as ``PrintableText`` shows it.
        case plan
        /// A YAML double-quoted scalar: unsafe scalars, the byte order mark and U+FFFE/U+FFFF as
        /// `\n`, `\t`, `\r`, `\N`, `\L`, `\P`, `\xHH` or `\uHHHH`.
        case yaml
    }

    /// `text` in double quotes, escaped for `notation`.
    public static func quoted(_ text: String, _ notation: Notation) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count + 2)
        append(text, notation, to: &result)
        return result
    }

    /// Appends `text` in double quotes, escaped for `notation`, to `result`.
    public static func append(_ text: String, _ notation: Notation, to result: inout String) {
        result += "\""
        // Most strings need no escape, and are appended whole rather than a scalar at a time.
        if !needsEscape(text, notation) {
            result += text
            result += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            default: appendEscaped(scalar, notation, to: &result)
            }
        }
        result += "\""
    }

    /// Appends `scalar` as `notation` writes it between quotes, but a quote or a backslash as
    /// itself: for text with `notation`'s escapes that is not quoted (a YAML comment).
    public static func appendEscaped(_ scalar: Unicode.Scalar, _ notation: Notation, to result: inout String) {
        switch scalar {
        case "\n": result += "\\n"
        case "\t": result += "\\t"
        default: appendOther(scalar, notation, to: &result)
        }
    }

    /// Whether `scalar`, other than a quote or a backslash, is escaped in YAML.
    public static func isEscapedInYAML(_ scalar: Unicode.Scalar) -> Bool {
        PrintableText.isUnsafe(scalar) || scalar.value == 0xFEFF || scalar.value == 0xFFFE || scalar.value == 0xFFFF
    }

    private static func needsEscape(_ text: String, _ notation: Notation) -> Bool {
        let quoteOrBackslash = text.utf8.contains { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
        switch notation {
        case .json: return quoteOrBackslash || text.utf8.contains { $0 < 0x20 }
        case .printableJSON, .plan: return quoteOrBackslash || PrintableText.needsEscaping(text)
        case .yaml: return quoteOrBackslash || text.unicodeScalars.contains(where: isEscapedInYAML)
        }
    }

    private static func appendOther(_ scalar: Unicode.Scalar, _ notation: Notation, to result: inout String) {
        switch notation {
        case .json:
            switch scalar {
            case "\r": result += "\\r"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            case _ where scalar.value < 0x20: result += "\\u" + hex(scalar.value, digits: 4, uppercase: false)
            default: result.unicodeScalars.append(scalar)
            }
        case .printableJSON:
            if scalar == "\r" {
                result += "\\r"
            } else if PrintableText.isUnsafe(scalar) {
                result += "\\u" + hex(scalar.value, digits: 4, uppercase: false)
            } else {
                result.unicodeScalars.append(scalar)
            }
        case .plan:
            if PrintableText.isUnsafe(scalar) {
                result += PrintableText.escape(scalar)
            } else {
                result.unicodeScalars.append(scalar)
            }
        case .yaml:
            guard isEscapedInYAML(scalar) else {
                result.unicodeScalars.append(scalar)
                return
            }
            switch scalar.value {
            case 0x0D: result += "\\r"
            case 0x85: result += "\\N"
            case 0x2028: result += "\\L"
            case 0x2029: result += "\\P"
            case ...0xFF: result += "\\x" + hex(scalar.value, digits: 2, uppercase: true)
            default: result += "\\u" + hex(scalar.value, digits: 4, uppercase: true)
            }
        }
    }

    private static func hex(_ value: UInt32, digits: Int, uppercase: Bool) -> String {
        let text = String(value, radix: 16, uppercase: uppercase)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
