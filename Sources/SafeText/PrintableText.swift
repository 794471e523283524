/// Text from outside canvasctl (a manifest, a Canvas server, a state file) as it may be printed:
/// control, line-break and bidirectional-formatting characters shown as `\u{1B}`, the rest as is.
///
/// Printed raw, such characters recolour or rewrite a terminal (ESC, and CSI as U+009B), forge a
/// line of output in a CI log or a pull-request comment (a line break, then `error: …`), or make
/// text read in another order than it is stored (U+202E). Every printer of outside text goes
/// through this type, so that they agree on what is unsafe and on how it is shown; formats with
/// escapes of their own (a quoted plan value, JSON, YAML) ask ``isUnsafe(_:)`` and write their own.
public enum PrintableText {
    /// Whether `scalar` must not reach a terminal or a log as itself: C0 controls (newline and tab
    /// included), DEL, C1 controls (U+0080–U+009F), the line and paragraph separators
    /// (U+2028, U+2029), and the bidirectional marks, embeddings, overrides and isolates
    /// (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069).
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// Whether `text` holds an unsafe scalar. Text of printable ASCII is told from its bytes
    /// alone: every unsafe scalar is a byte below 0x20, 0x7F, or starts with 0xC2, 0xD8 or 0xE2.
    public static func needsEscaping(_ text: String) -> Bool {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xD8 || $0 == 0xE2 }) else { return false }
        return text.unicodeScalars.contains(where: isUnsafe)
    }

    /// `text` with every unsafe scalar written as `\u{HEX}` (upper-case hex, as Swift spells it);
    /// a line break too, so that the result is always one line.
    public static func escaped(_ text: String) -> String {
        guard needsEscaping(text) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) {
                result += escape(scalar)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// How one unsafe scalar is shown: `\u{1B}`.
    public static func escape(_ scalar: Unicode.Scalar) -> String {
        "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
    }
}
