import Foundation
import JSONSupport
import Testing

/// The fast JSON reader the state uses: the same values as `JSONDecoder` for valid JSON, and a
/// refusal (never a guess) for anything else.
struct JSONParserTests {
    static let valid = [
        #"{"a": [1, -2.5, 3e2, 0, -0.0, 1E-2], "b": {"c": null, "d": true, "e": false}, "f": ""}"#,
        #""plain""#,
        #""esc \" \\ \/ \b \f \n \r \t \u0041 \u00e9 \ud83d\ude00 ü""#,
        #"[[], {}, [[{}]]]"#,
        "  \n\t{\"spaced\" :\r\n 1 }  ",
        #"{"k": "v", "k": "second"}"#,
        "12345678901234",
    ]

    @Test("valid JSON parses to what JSONDecoder makes of it", arguments: valid)
    func matchesDecoder(_ text: String) throws {
        let parsed = try JSONParser.parse(Array(text.utf8))
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(parsed == decoded)
    }

    static let invalid = [
        "", "{", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "01", "1.", "-", "+1", ".5", "1e", "tru", "nul", "\"unterminated",
        "\"bad \\x escape\"", "\"\\ud83d alone\"", "\"\\ude00 low\"", "\"tab\there\"", "[1] 2", "{'a': 1}", "NaN",
        String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
    ]

    @Test("invalid JSON is refused with the byte where it went wrong", arguments: invalid)
    func refuses(_ text: String) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array(text.utf8)) }
    }
}
