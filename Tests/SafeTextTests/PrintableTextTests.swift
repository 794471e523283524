import SafeText
import Testing

/// What may reach a terminal as itself and what is shown escaped.
struct PrintableTextTests {
    @Test("C0, DEL, C1, line and paragraph separators and bidi controls are escaped as \\u{HEX}")
    func unsafe() {
        let cases: [(String, String)] = [
            ("\u{1B}[31m", "\\u{1B}[31m"), ("\u{7}", "\\u{7}"), ("a\nerror: b", "a\\u{A}error: b"), ("\r", "\\u{D}"), ("\t", "\\u{9}"),
            ("\u{7F}", "\\u{7F}"), ("\u{80}", "\\u{80}"), ("\u{85}", "\\u{85}"), ("\u{9B}2J", "\\u{9B}2J"), ("\u{9F}", "\\u{9F}"),
            ("\u{61C}", "\\u{61C}"), ("\u{200E}\u{200F}", "\\u{200E}\\u{200F}"), ("\u{2028}\u{2029}", "\\u{2028}\\u{2029}"),
            ("\u{202A}\u{202E}", "\\u{202A}\\u{202E}"), ("\u{2066}\u{2069}", "\\u{2066}\\u{2069}"),
        ]
        for (text, shown) in cases {
            #expect(PrintableText.escaped(text) == shown)
            #expect(PrintableText.needsEscaping(text))
        }
    }

    @Test("everything else is printed as it is, the characters next to unsafe ones included")
    func safe() {
        for text in ["", "plain ASCII: ~!@#$%^&*()", "Tromsø ✓ 東京", "\u{A0}\u{200D}\u{2027}\u{202F}\u{2065}\u{206A}", "emoji 👩‍💻", "\u{A0}¢"] {
            #expect(PrintableText.escaped(text) == text)
            #expect(!PrintableText.needsEscaping(text))
        }
    }
}
