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
        "[1 2]", "{\"a\": 1 \"b\": 2}", "[-]", "{\"a\":}", "{1: 2}", "[1.e5]", "[0x1]", "[true false]", "{\"a\": [1}",
        String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
    ]

    @Test("invalid JSON is refused with the byte where it went wrong", arguments: invalid)
    func refuses(_ text: String) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array(text.utf8)) }
    }

    /// Every value of `text`, read through a cursor into a `JSONValue` by its kinds, members and items.
    static func walk(_ cursor: inout JSONParser.Cursor) throws(JSONParser.Failure) -> JSONValue {
        switch try cursor.kind() {
        case .object:
            var fields: [String: JSONValue] = [:]
            try cursor.members { (member, name) throws(JSONParser.Failure) in
                let value = try walk(&member)
                if fields[name.string] == nil { fields[name.string] = value }
            }
            return .object(fields)
        case .array:
            var items: [JSONValue] = []
            try cursor.items { (item) throws(JSONParser.Failure) in items.append(try walk(&item)) }
            return .array(items)
        case .string: return .string(try cursor.string())
        case .number: return .number(try cursor.number())
        case .bool: return .bool(try cursor.bool())
        case .null:
            _ = try cursor.null()
            return .null
        }
    }

    @Test("a cursor walks valid JSON to the same values", arguments: valid)
    func cursorMatchesParse(_ text: String) throws {
        let walked = try JSONParser.read(Array(text.utf8)) { (cursor) throws(JSONParser.Failure) in try Self.walk(&cursor) }
        #expect(walked == (try JSONParser.parse(Array(text.utf8))))
    }

    @Test("a cursor refuses invalid JSON, and a value of another kind than the one asked for", arguments: invalid.dropLast())
    func cursorRefuses(_ text: String) {
        #expect(throws: JSONParser.Failure.self) {
            try JSONParser.read(Array(text.utf8)) { (cursor) throws(JSONParser.Failure) in try Self.walk(&cursor) }
        }
    }

    @Test("a cursor asked for the wrong kind, or leaving text unread, fails")
    func cursorKinds() {
        let read = { (text: String, body: (inout JSONParser.Cursor) throws(JSONParser.Failure) -> Void) -> Bool in
            (try? JSONParser.read(Array(text.utf8), body)) != nil
        }
        #expect(!read(#""text""#) { (cursor) throws(JSONParser.Failure) in _ = try cursor.number() })
        #expect(!read("1") { (cursor) throws(JSONParser.Failure) in _ = try cursor.bool() })
        #expect(!read("[1]") { (cursor) throws(JSONParser.Failure) in try cursor.members { (member, _) throws(JSONParser.Failure) in try member.skip() } })
        #expect(!read(#"{"a": 1}"#) { (cursor) throws(JSONParser.Failure) in try cursor.members { _, _ in } }, "a member left unread")
        #expect(!read("1 2") { (cursor) throws(JSONParser.Failure) in _ = try cursor.number() })
        #expect(read(#"{"a": [1, {"b": null}], "c": "d"}"#) { (cursor) throws(JSONParser.Failure) in
            try cursor.members { (member, _) throws(JSONParser.Failure) in try member.skip() }
        })
        #expect(read("null") { (cursor) throws(JSONParser.Failure) in _ = try cursor.null() })
        #expect(!read("nul") { (cursor) throws(JSONParser.Failure) in _ = try cursor.null() })
    }

    @Test("member names match cases by their bytes, escaped or not, and only whole")
    func memberNames() throws {
        let text = #"{"id": 1, "i\u0064": 2, "identity": 3, "i": 4, "": 5, "\u00e9t\u00e9": 6, "\"q\"": 7, "été": 8}"#
        let matched = try JSONParser.read(Array(text.utf8)) { (cursor) throws(JSONParser.Failure) -> [String] in
            var matched: [String] = []
            try cursor.members { (member, name) throws(JSONParser.Failure) in
                let value = Int(try member.number())
                switch name {
                case "id": matched.append("id=\(value)")
                case "été": matched.append("été=\(value)")
                case "\"q\"": matched.append("quoted=\(value)")
                default: matched.append("other \(name.string)=\(value)")
                }
            }
            return matched
        }
        #expect(matched == ["id=1", "id=2", "other identity=3", "other i=4", "other =5", "été=6", "quoted=7", "été=8"])
        #expect(throws: JSONParser.Failure.self) {
            try JSONParser.read(Array("{\"a\u{1}\": 1}".utf8)) { (cursor) throws(JSONParser.Failure) in
                try cursor.members { (member, _) throws(JSONParser.Failure) in try member.skip() }
            }
        }
    }

    @Test("the first member of a document is read without the rest, which may be anything")
    func firstMember() throws {
        let member = try #require(JSONParser.firstMember(of: Array(#"  { "accounts" : [null, "a"], "rest": [1, 2, {"unfinished"#.utf8)))
        #expect(member.name == "accounts")
        #expect(member.value == .array([.null, .string("a")]))
        for text in ["", "[1]", "{}", #"{"a" 1}"#, #"{"a": [1,"#, "\"text\""] {
            #expect(JSONParser.firstMember(of: Array(text.utf8)) == nil, "\(text)")
        }
    }

    @Test("a value read as its text is checked as a parse would check it, and its text parses to the same value", arguments: valid)
    func textOfValue(_ text: String) throws {
        let read = try JSONParser.read(Array(text.utf8)) { (cursor) throws(JSONParser.Failure) in try cursor.text() }
        #expect((try JSONParser.parse(read)) == (try JSONParser.parse(Array(text.utf8))))
    }

    @Test("a value read as its text is refused where a parse refuses it", arguments: invalid)
    func textRefuses(_ text: String) {
        #expect(throws: JSONParser.Failure.self) {
            try JSONParser.read(Array(text.utf8)) { (cursor) throws(JSONParser.Failure) in _ = try cursor.text() }
        }
    }
}
