import Foundation
import FuzzSupport
import JSONSupport

/// Fuzzes `JSONParser`, which reads server answers and the state through unsafe buffers: the
/// whole-document parse, `firstMember(of:)`, and the member-by-member `Cursor` (every kind of
/// read, `value()`, `skip()` and `text()`, `Key` matching), each checked against the others, the
/// written text (`jsonText`, `writePretty`) parsed back, and Foundation's `JSONDecoder`.
@main
struct FuzzJSON {
    static func main() {
        FuzzTarget.main(test)
    }

    @Sendable static func test(_ bytes: [UInt8]) {
        let parsed: Result<JSONValue, JSONParser.Failure>
        do throws(JSONParser.Failure) {
            parsed = .success(try JSONParser.parse(bytes))
        } catch {
            FuzzTarget.check((0...bytes.count).contains(error.offset), "a failure at byte \(error.offset) of \(bytes.count)")
            _ = error.description
            parsed = .failure(error)
        }

        // The cursor, reading in each of its ways: the same answer as the parse.
        for style in 0..<3 {
            var walker = Walker(style: style)
            let read: Result<JSONValue, JSONParser.Failure>
            do throws(JSONParser.Failure) {
                read = .success(try JSONParser.read(bytes) { (cursor) throws(JSONParser.Failure) in try walker.value(&cursor, depth: 0) })
            } catch {
                FuzzTarget.check((0...bytes.count).contains(error.offset), "a cursor failure at byte \(error.offset) of \(bytes.count)")
                read = .failure(error)
            }
            agree(parsed, read, "the cursor (style \(style))")
        }
        let skipped: Result<Void, JSONParser.Failure>
        do throws(JSONParser.Failure) {
            skipped = .success(try JSONParser.read(bytes) { (cursor) throws(JSONParser.Failure) in try cursor.skip() })
        } catch {
            skipped = .failure(error)
        }
        agree(parsed, skipped.map { JSONValue.null }, "skip", compareValues: false)

        guard case .success(let value) = parsed else { return }
        if let (name, member) = JSONParser.firstMember(of: bytes) {
            FuzzTarget.check(value[name] == member, "firstMember: '\(name)' is \(member), the parse has \(String(describing: value[name]))")
        } else if case .object(let members) = value {
            FuzzTarget.check(members.isEmpty, "firstMember: none in an object with members")
        }
        if value.isFinite {
            FuzzTarget.check(reparsed(value.jsonText) == value, "jsonText does not parse back: \(value.jsonText)")
            var pretty = ""
            value.writePretty(to: &pretty)
            FuzzTarget.check(reparsed(pretty) == value, "writePretty does not parse back: \(pretty)")
        }
        // Where Foundation reads the text too, it reads the same value. (It refuses some text the
        // parser takes, such as numbers beyond a Double, and that is no fault of ours.)
        if let decoded = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) {
            FuzzTarget.check(decoded == value, "JSONDecoder reads \(decoded), the parser \(value)")
        }
    }

    static func reparsed(_ text: String) -> JSONValue? {
        try? JSONParser.parse(Array(text.utf8))
    }

    /// Whether two reads of one text agree: both succeed with the same value, or both fail. A read
    /// that went deeper than the other may alone fail on the nesting limit (the cursor's own reads
    /// count the depth from where they start).
    static func agree(_ lhs: Result<JSONValue, JSONParser.Failure>, _ rhs: Result<JSONValue, JSONParser.Failure>, _ what: String, compareValues: Bool = true) {
        switch (lhs, rhs) {
        case (.success(let left), .success(let right)):
            FuzzTarget.check(!compareValues || left == right, "\(what) reads \(right), the parse \(left)")
        case (.failure(let failure), .success), (.success, .failure(let failure)):
            FuzzTarget.check(failure.expected.contains("levels of nesting"), "\(what) and the parse disagree: \(failure)")
        case (.failure, .failure):
            break
        }
    }
}

