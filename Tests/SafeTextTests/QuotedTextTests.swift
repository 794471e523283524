import Foundation
import SafeText
import Testing

/// The one escaper, in each notation: what a quote, a backslash, a line break, a control, a C1
/// control, a line separator, a bidi override and the byte order mark become.
struct QuotedTextTests {
    static let sample = "a\"b\\c\nd\te\rf\u{08}g\u{1B}h\u{85}i\u{2028}j\u{202E}k\u{FEFF}lé🙂"

    @Test("each notation escapes what it must, and spells it its own way")
    func notations() {
        #expect(QuotedText.quoted(Self.sample, .json)
            == #""a\"b\\c\nd\te\rf\bg\u001bh"# + "\u{85}i\u{2028}j\u{202E}k\u{FEFF}lé🙂\"")
        #expect(QuotedText.quoted(Self.sample, .printableJSON)
            == #""a\"b\\c\nd\te\rf\u0008g\u001bh\u0085i\u2028j\u202ek"# + "\u{FEFF}lé🙂\"")
        #expect(QuotedText.quoted(Self.sample, .plan)
            == #""a\"b\\c\nd\te\u{D}f\u{8}g\u{1B}h\u{85}i\u{2028}j\u{202E}k"# + "\u{FEFF}lé🙂\"")
        #expect(QuotedText.quoted(Self.sample, .yaml)
            == #""a\"b\\c\nd\te\rf\x08g\x1Bh\Ni\Lj\u202Ek\uFEFFlé🙂""#)
        for notation in [QuotedText.Notation.json, .printableJSON, .plan, .yaml] {
            #expect(QuotedText.quoted("plain text, é", notation) == "\"plain text, é\"")
            #expect(QuotedText.quoted("", notation) == "\"\"")
        }
    }

    @Test("both JSON notations read back as the same string")
    func jsonReadsBack() throws {
        for notation in [QuotedText.Notation.json, .printableJSON] {
            let text = QuotedText.quoted(Self.sample, notation)
            let read = try JSONSerialization.jsonObject(with: Data("[\(text)]".utf8)) as? [String]
            #expect(read == [Self.sample])
        }
    }

    @Test("a YAML comment shows escapes but no quote or backslash escaped")
    func unquoted() {
        var result = ""
        for scalar in "say \"hi\"\\\u{1B}".unicodeScalars { QuotedText.appendEscaped(scalar, .yaml, to: &result) }
        #expect(result == #"say "hi"\\x1B"#)
    }
}
