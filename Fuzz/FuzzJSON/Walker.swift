import FuzzSupport
import JSONSupport

/// Reads a whole document through a `JSONParser.Cursor` into a `JSONValue`, the way the state and
/// the API's large lists are read, so that it can be compared with the parse of the same text.
///
/// Style 0 reads every value by its kind (`members`, `items`, `string`, `number`, `bool`,
/// `null`); style 1 takes every other nested value whole (`value()`); style 2 takes every third as
/// its text (`text()`) and parses that.
struct Walker {
    let style: Int
    private var count = 0

    init(style: Int) {
        self.style = style
    }

    mutating func value(_ cursor: inout JSONParser.Cursor, depth: Int) throws(JSONParser.Failure) -> JSONValue {
        // The parse's limit, counted the same way: the document itself is at depth 0.
        guard depth < JSONParser.maxDepth else { throw cursor.failure("at most \(JSONParser.maxDepth) levels of nesting") }
        count += 1
        if depth > 0, style == 1, count % 2 == 0 {
            return try cursor.value()
        }
        if depth > 0, style == 2, count % 3 == 0 {
            return try JSONParser.parse(try cursor.text())
        }
        switch try cursor.kind() {
        case .object:
            var members: [String: JSONValue] = [:]
            try cursor.members { (member, key) throws(JSONParser.Failure) in
                let name = key.string
                FuzzTarget.check(key.description == name, "a key described as '\(key.description)', named '\(name)'")
                FuzzTarget.check((key == "id") == (name == "id"), "the key '\(name)' matched against \"id\" wrongly")
                FuzzTarget.check(("lineage" ~= key) == (name == "lineage"), "the key '\(name)' matched against \"lineage\" wrongly")
                let item = try value(&member, depth: depth + 1)
                // As the parse does, the first of repeated names wins.
                if members[name] == nil { members[name] = item }
            }
            return .object(members)
        case .array:
            var items: [JSONValue] = []
            try cursor.items { (item) throws(JSONParser.Failure) in items.append(try value(&item, depth: depth + 1)) }
            return .array(items)
        case .string:
            return .string(try cursor.string())
        case .number:
            return .number(try cursor.number())
        case .bool:
            return .bool(try cursor.bool())
        case .null:
            let read = try cursor.null()
            FuzzTarget.check(read, "null() read nothing where the kind is null")
            return .null
        }
    }
}
