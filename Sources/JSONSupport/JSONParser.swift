/// Parses JSON text into a ``JSONValue`` directly from its UTF-8 bytes.
///
/// It exists for speed where files are large and their shape is known (the state of 10,000
/// workflows is 14 MB): `JSONDecoder` decodes a `JSONValue` by trying each type in turn, and each
/// miss builds an error, which made reading such a state take most of a plan. It accepts exactly
/// RFC 8259 JSON; callers that need a precise message about a malformed document fall back to
/// `JSONDecoder`, whose messages name the key.
public enum JSONParser {
    /// Why the text is not JSON: what was expected, and at which byte.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var offset: Int
        public var expected: String
        public var description: String { "expected \(expected) at byte \(offset)" }
    }

    /// Nesting beyond this is refused rather than risking the stack.
    public static let maxDepth = 512

    public static func parse(_ bytes: [UInt8]) throws(Failure) -> JSONValue {
        try bytes.withUnsafeBufferPointer { (buffer) throws(Failure) -> JSONValue in
            var reader = Reader(bytes: buffer)
            reader.skipWhitespace()
            let value = try reader.value(depth: 0)
            reader.skipWhitespace()
            guard reader.position == buffer.count else { throw Failure(offset: reader.position, expected: "the end of the text") }
            return value
        }
    }

    /// The first member of the object the text starts with, parsed without reading further: a
    /// header its writer puts first can be had before a large document is parsed whole. Nil when
    /// the text does not start with an object that has a member.
    public static func firstMember(of bytes: [UInt8]) -> (name: String, value: JSONValue)? {
        bytes.withUnsafeBufferPointer { buffer -> (name: String, value: JSONValue)? in
            var reader = Reader(bytes: buffer)
            reader.skipWhitespace()
            guard reader.position < buffer.count, buffer[reader.position] == UInt8(ascii: "{") else { return nil }
            reader.position += 1
            reader.skipWhitespace()
            guard reader.position < buffer.count, buffer[reader.position] == UInt8(ascii: "\""),
                  let name = try? reader.string() else { return nil }
            reader.skipWhitespace()
            guard reader.position < buffer.count, buffer[reader.position] == UInt8(ascii: ":") else { return nil }
            reader.position += 1
            reader.skipWhitespace()
            guard let value = try? reader.value(depth: 1) else { return nil }
            return (name, value)
        }
    }

    /// Runs `read` with a ``Cursor`` at the value `bytes` holds; the text must end after what
    /// `read` consumed (white space aside).
    public static func read<T>(_ bytes: [UInt8], _ read: (inout Cursor) throws(Failure) -> T) throws(Failure) -> T {
        try bytes.withUnsafeBufferPointer { (buffer) throws(Failure) -> T in
            var cursor = Cursor(reader: Reader(bytes: buffer))
            cursor.reader.skipWhitespace()
            let value = try read(&cursor)
            cursor.reader.skipWhitespace()
            guard cursor.reader.position == buffer.count else { throw cursor.reader.failure("the end of the text") }
            return value
        }
    }

    /// Reads JSON text value by value, for large documents of a known shape (a list of 10,000
    /// workflows, the state file): no tree and no dictionary per object, each member read straight
    /// into what it is for. Every read throws ``Failure`` when the text there is not what was asked.
    public struct Cursor {
        fileprivate var reader: Reader

        /// The kinds of JSON value, told by their first character.
        public enum Kind: Sendable {
            case object, array, string, number, bool, null
        }

        /// The kind of the value at the cursor, without reading it.
        public func kind() throws(Failure) -> Kind {
            guard reader.position < reader.bytes.count else { throw reader.failure("a value") }
            switch reader.bytes[reader.position] {
            case UInt8(ascii: "{"): return .object
            case UInt8(ascii: "["): return .array
            case UInt8(ascii: "\""): return .string
            case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
            case UInt8(ascii: "n"): return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
            default: throw reader.failure("a value")
            }
        }

        /// Reads an object, calling `member` with each name in turn; `member` must read (or
        /// ``skip()``) the value.
        public mutating func members(_ member: (inout Cursor, Key) throws(Failure) -> Void) throws(Failure) {
            guard try kind() == .object else { throw reader.failure("an object") }
            try reader.eachMember(readKey: { (reader) throws(Failure) in try reader.key() }) { (reader, name) throws(Failure) in
                var cursor = Cursor(reader: reader)
                try member(&cursor, name)
                reader = cursor.reader
            }
        }

        /// Reads an array, calling `item` for each item, which it must read.
        public mutating func items(_ item: (inout Cursor) throws(Failure) -> Void) throws(Failure) {
            guard try kind() == .array else { throw reader.failure("an array") }
            try reader.items { (reader) throws(Failure) in
                var cursor = Cursor(reader: reader)
                try item(&cursor)
                reader = cursor.reader
            }
        }

        public mutating func string() throws(Failure) -> String {
            guard try kind() == .string else { throw reader.failure("a string") }
            return try reader.string()
        }

        public mutating func bool() throws(Failure) -> Bool {
            guard try kind() == .bool else { throw reader.failure("true or false") }
            switch reader.bytes[reader.position] {
            case UInt8(ascii: "t"): try reader.literal("true"); return true
            case UInt8(ascii: "f"): try reader.literal("false"); return false
            default: throw reader.failure("true or false")
            }
        }

        public mutating func number() throws(Failure) -> Double {
            guard try kind() == .number else { throw reader.failure("a number") }
            return try reader.number()
        }

        /// Reads `null` when it is there and answers true; answers false, reading nothing, otherwise.
        public mutating func null() throws(Failure) -> Bool {
            guard try kind() == .null else { return false }
            try reader.literal("null")
            return true
        }

        /// Reads the value at the cursor whole, as a ``JSONValue``.
        public mutating func value() throws(Failure) -> JSONValue {
            try reader.value(depth: 1)
        }

        /// A failure at the cursor: what the reader wanted there.
        public func failure(_ expected: String) -> Failure {
            reader.failure(expected)
        }

        /// Reads past the value at the cursor, checking it without making it.
        public mutating func skip() throws(Failure) {
            try reader.skipValue(depth: 1)
        }

        /// Reads the value at the cursor as its text, checked to be JSON but not parsed into values:
        /// for a part of a large document that is seldom needed whole.
        public mutating func text() throws(Failure) -> [UInt8] {
            let start = reader.position
            try reader.skipValue(depth: 1)
            return Array(UnsafeBufferPointer(rebasing: reader.bytes[start..<reader.position]))
        }
    }

    /// A member's name as the text holds it, matched against names without making a string:
    /// a list of 10,000 workflows has 140,000 names, and making each a string and comparing it
    /// with every case of a `switch` was a third of reading the list. `case "id":` in a `switch`
    /// compares bytes; ``string`` makes the string when one is needed.
    ///
    /// Like a ``Cursor``, it reads the text in place: it is valid only inside the read it came from.
    public struct Key: CustomStringConvertible {
        /// The name's bytes between its quotes, when it has no escape.
        @usableFromInline let raw: UnsafeBufferPointer<UInt8>
        /// The name, when it has an escape.
        @usableFromInline let decoded: String?

        init(raw: UnsafeBufferPointer<UInt8>, decoded: String?) {
            self.raw = raw
            self.decoded = decoded
        }

        public var string: String { decoded ?? String(decoding: raw, as: UTF8.self) }
        public var description: String { string }

        // Inlined where the names are written, so that most cases are told apart by length alone.
        @inlinable @inline(__always)
        public static func == (key: Key, name: StaticString) -> Bool {
            let count = name.utf8CodeUnitCount
            guard key.decoded == nil else { return key.decoded == name.description }
            guard key.raw.count == count else { return false }
            let bytes = name.utf8Start
            for index in 0..<count where key.raw[index] != bytes[index] { return false }
            return true
        }

        @inlinable @inline(__always)
        public static func ~= (pattern: StaticString, key: Key) -> Bool {
            key == pattern
        }
    }

    fileprivate struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0
        /// Shared by the copies a ``Cursor`` makes of its reader: they read one after another.
        let memberBuffers = MemberBuffers()

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        mutating func skipWhitespace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x0A, 0x0D, 0x09: position += 1
                default: return
                }
            }
        }

        func failure(_ expected: String) -> Failure { Failure(offset: position, expected: expected) }

        mutating func value(depth: Int) throws(Failure) -> JSONValue {
            guard depth < JSONParser.maxDepth else { throw failure("at most \(JSONParser.maxDepth) levels of nesting") }
            guard position < bytes.count else { throw failure("a value") }
            switch bytes[position] {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
            default: throw failure("a value")
            }
        }

        /// Reads past a value, checking it as ``value(depth:)`` would, without making it.
        mutating func skipValue(depth: Int) throws(Failure) {
            guard depth < JSONParser.maxDepth else { throw failure("at most \(JSONParser.maxDepth) levels of nesting") }
            guard position < bytes.count else { throw failure("a value") }
            switch bytes[position] {
            case UInt8(ascii: "{"):
                try eachMember(readKey: { (reader) throws(Failure) in try reader.skipString() }) { (reader, _) throws(Failure) in
                    try reader.skipValue(depth: depth + 1)
                }
            case UInt8(ascii: "["):
                try items { (reader) throws(Failure) in try reader.skipValue(depth: depth + 1) }
            case UInt8(ascii: "\""):
                try skipString()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                _ = try numberText()
            default:
                _ = try value(depth: depth)
            }
        }

        /// Reads past a string starting at its opening quote, checking it as ``string()`` would.
        mutating func skipString() throws(Failure) {
            let start = position
            position += 1
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    position += 1
                    return
                }
                if byte == UInt8(ascii: "\\") { break }
                guard byte >= 0x20 else { throw failure("no control character inside a string") }
                position += 1
            }
            // An escape (or the end of the text): checked by reading the string whole.
            position = start
            _ = try string()
        }

        mutating func literal(_ word: StaticString) throws(Failure) {
            let count = word.utf8CodeUnitCount
            guard position + count <= bytes.count else { throw failure("\(word)") }
            for index in 0..<count where bytes[position + index] != word.utf8Start[index] {
                throw failure("\(word)")
            }
            position += count
        }

        /// An object starting at its `{`: `member` is called with each name, the reader at its
        /// value, and must read the value.
        mutating func members(_ member: (inout Reader, String) throws(Failure) -> Void) throws(Failure) {
            try eachMember(readKey: { (reader) throws(Failure) in try reader.string() }, member)
        }

        /// A member's name starting at its opening quote, read in place when it has no escape.
        mutating func key() throws(Failure) -> Key {
            let start = position + 1
            var end = start
            while end < bytes.count {
                let byte = bytes[end]
                if byte == UInt8(ascii: "\"") {
                    position = end + 1
                    return Key(raw: UnsafeBufferPointer(rebasing: bytes[start..<end]), decoded: nil)
                }
                if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
                end += 1
            }
            // An escape, a control character or the end of the text: read (or refused) as a string.
            let name = try string()
            return Key(raw: UnsafeBufferPointer(rebasing: bytes[start..<start]), decoded: name)
        }

        /// An object starting at its `{`: `readKey` reads each key (at its opening quote), then
        /// `member` is called with what it answered, the reader at the value, and must read it.
        // Inlined where it is called, with the closures it is given: called through them, a
        // skip costs several times more a byte (a state of 10,000 workflows keeps 30,000 values
        // as their text, each skipped to find where it ends).
        @inline(__always)
        mutating func eachMember<Key>(
            readKey: (inout Reader) throws(Failure) -> Key, _ member: (inout Reader, Key) throws(Failure) -> Void
        ) throws(Failure) {
            position += 1
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                position += 1
                return
            }
            while true {
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw failure("a key") }
                let key = try readKey(&self)
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw failure("\":\"") }
                position += 1
                skipWhitespace()
                try member(&self, key)
                skipWhitespace()
                guard position < bytes.count else { throw failure("\",\" or \"}\"") }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: "}") { position += 1; return }
                throw failure("\",\" or \"}\"")
            }
        }

        /// An array starting at its `[`: `item` is called with the reader at each item, and must
        /// read it.
        @inline(__always)
        mutating func items(_ item: (inout Reader) throws(Failure) -> Void) throws(Failure) {
            position += 1
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                position += 1
                return
            }
            while true {
                skipWhitespace()
                try item(&self)
                skipWhitespace()
                guard position < bytes.count else { throw failure("\",\" or \"]\"") }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: "]") { position += 1; return }
                throw failure("\",\" or \"]\"")
            }
        }

        mutating func object(depth: Int) throws(Failure) -> JSONValue {
            // The members are gathered first and the table made at its size: grown a key at a
            // time, a table of seven keys was made four times over, each time hashing every key
            // again (a fifth of reading a state).
            let buffers = memberBuffers
            if buffers.levels.count <= depth { buffers.levels.append(contentsOf: repeatElement([], count: depth + 1 - buffers.levels.count)) }
            let start = buffers.levels[depth].count
            defer { buffers.levels[depth].removeSubrange(start...) }
            try members { (reader, key) throws(Failure) in
                let parsed = try reader.value(depth: depth + 1)
                buffers.levels[depth].append((key, parsed))
            }
            var fields = [String: JSONValue](minimumCapacity: buffers.levels[depth].count - start)
            for (key, value) in buffers.levels[depth][start...] where fields.index(forKey: key) == nil {
                // As JSONDecoder does, the first of repeated keys wins.
                fields[key] = value
            }
            return .object(fields)
        }

        mutating func array(depth: Int) throws(Failure) -> JSONValue {
            var items: [JSONValue] = []
            try self.items { (reader) throws(Failure) in items.append(try reader.value(depth: depth + 1)) }
            return .array(items)
        }

        /// A string starting at its opening quote.
        mutating func string() throws(Failure) -> String {
            position += 1
            let start = position
            // The common case: no escapes, so the bytes are the string.
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                    position += 1
                    return text
                }
                if byte == UInt8(ascii: "\\") { break }
                guard byte >= 0x20 else { throw failure("no control character inside a string") }
                position += 1
            }
            var scalars = Array(UnsafeBufferPointer(rebasing: bytes[start..<position]))
            while position < bytes.count {
                let byte = bytes[position]
                switch byte {
                case UInt8(ascii: "\""):
                    position += 1
                    return String(decoding: scalars, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    position += 1
                    guard position < bytes.count else { throw failure("an escape") }
                    let escape = bytes[position]
                    position += 1
                    switch escape {
                    case UInt8(ascii: "\""): scalars.append(0x22)
                    case UInt8(ascii: "\\"): scalars.append(0x5C)
                    case UInt8(ascii: "/"): scalars.append(0x2F)
                    case UInt8(ascii: "b"): scalars.append(0x08)
                    case UInt8(ascii: "f"): scalars.append(0x0C)
                    case UInt8(ascii: "n"): scalars.append(0x0A)
                    case UInt8(ascii: "r"): scalars.append(0x0D)
                    case UInt8(ascii: "t"): scalars.append(0x09)
                    case UInt8(ascii: "u"):
                        var code = try hex4()
                        if (0xD800...0xDBFF).contains(code) {
                            guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                                throw failure("the second half of a surrogate pair")
                            }
                            position += 2
                            let low = try hex4()
                            guard (0xDC00...0xDFFF).contains(low) else { throw failure("the second half of a surrogate pair") }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        } else if (0xDC00...0xDFFF).contains(code) {
                            throw failure("a character, not half of a surrogate pair")
                        }
                        guard let scalar = Unicode.Scalar(code) else { throw failure("a character") }
                        scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
                    default:
                        throw failure("an escape such as \\n or \\u0041")
                    }
                default:
                    guard byte >= 0x20 else { throw failure("no control character inside a string") }
                    scalars.append(byte)
                    position += 1
                }
            }
            throw failure("the end of the string")
        }

        mutating func hex4() throws(Failure) -> UInt32 {
            guard position + 4 <= bytes.count else { throw failure("four hex digits") }
            var code: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[position]
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: throw failure("four hex digits")
                }
                code = code << 4 | digit
                position += 1
            }
            return code
        }

        /// A number as RFC 8259 writes one: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
        mutating func number() throws(Failure) -> Double {
            let range = try numberText()
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            // (Any text of the grammar is a Double, an infinity when it is too large for one.)
            guard let number = Double(text) else { throw Failure(offset: range.lowerBound, expected: "a number") }
            return number
        }

        /// Reads past a number, checking it against JSON's grammar, and answers where its text is.
        mutating func numberText() throws(Failure) -> Range<Int> {
            let start = position
            func digits() -> Int {
                let from = position
                while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) { position += 1 }
                return position - from
            }
            if bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard position < bytes.count else { throw failure("a digit") }
            if bytes[position] == UInt8(ascii: "0") {
                position += 1
            } else if digits() == 0 {
                throw failure("a digit")
            }
            if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
                position += 1
                guard digits() > 0 else { throw failure("a digit after the decimal point") }
            }
            if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
                position += 1
                if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
                guard digits() > 0 else { throw failure("a digit in the exponent") }
            }
            return start..<position
        }
    }

    /// The members of the objects being read, a list per depth, kept from one object to the next
    /// so that reading a large document does not make a list for each of its objects.
    fileprivate final class MemberBuffers {
        var levels: [[(String, JSONValue)]] = []
    }
}
