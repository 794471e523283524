import Testing
import YAML

/// The loader's own behaviour beyond the suite: typing, marks, duplicates and hostile input.
struct YAMLLoaderTests {
    func load(_ text: String) -> YAMLLoadResult {
        YAMLLoader().load(text, file: "test.yaml")
    }

    func value(_ text: String) throws -> ScalarValue {
        let result = load("v: \(text)\n")
        #expect(result.errors.isEmpty, "\(result.errors)")
        return try #require(result.documents.first?.pairs?.first?.value.scalar?.value)
    }

    @Test("plain scalars are typed by the YAML 1.2 core schema")
    func coreSchema() throws {
        #expect(try value("no") == .string("no"))
        #expect(try value("on") == .string("on"))
        #expect(try value("yes") == .string("yes"))
        #expect(try value("NO") == .string("NO"))
        #expect(try value("true") == .bool(true))
        #expect(try value("FALSE") == .bool(false))
        #expect(try value("~") == .null)
        #expect(try value("") == .null)
        #expect(try value("Null") == .null)
        #expect(try value("0777") == .int(777))
        #expect(try value("0o17") == .int(15))
        #expect(try value("0x1F") == .int(31))
        #expect(try value("-12") == .int(-12))
        #expect(try value("+12") == .int(12))
        #expect(try value("1.5") == .float(1.5))
        #expect(try value("1e3") == .float(1000))
        #expect(try value(".5") == .float(0.5))
        #expect(try value("-.inf") == .float(-.infinity))
        #expect(try value("inf") == .string("inf"))
        #expect(try value("0x1p3") == .string("0x1p3"))
        #expect(try value("1_000") == .string("1_000"))
        #expect(try value("2001-12-14") == .string("2001-12-14"))
        #expect(try value("99999999999999999999") == .float(1e20))
        #expect(try value("\"true\"") == .string("true"))
        #expect(try value("'12'") == .string("12"))
        #expect(try value("!!str 12") == .string("12"))
        #expect(try value("!!int \"12\"") == .int(12))
        #expect(try value("!!float 1") == .float(1))
    }

    @Test("words of the lengths and first letters of null and the booleans are strings unless they are those")
    func wordsNearTypedForms() throws {
        #expect(try value("nope") == .string("nope"))
        #expect(try value("NULL") == .null)
        #expect(try value("nulls") == .string("nulls"))
        #expect(try value("nul") == .string("nul"))
        #expect(try value("True") == .bool(true))
        #expect(try value("tree") == .string("tree"))
        #expect(try value("false") == .bool(false))
        #expect(try value("fals") == .string("fals"))
        #expect(try value("falsy") == .string("falsy"))
        #expect(try value("~x") == .string("~x"))
        #expect(try value("-x") == .string("-x"))
        #expect(try value("name") == .string("name"))
        #expect(try value("ünïcödé") == .string("ünïcödé"))
    }

    @Test("nodes are equal, and hash alike, by what they mean, across files and however they are written")
    func equalityByMeaning() throws {
        func root(_ text: String, file: String) throws -> Node {
            try #require(YAMLLoader().load(text, file: file).documents.first)
        }
        let block = try root("a: [1, x, {b: ~}]\nc: 'd'\n", file: "one.yaml")
        let flow = try root("{a: [0x1, \"x\", {b: null}], c: d}", file: "two.yaml")
        #expect(block == flow)
        #expect(block.hashValue == flow.hashValue)
        #expect(block.mark != flow.mark)
        #expect(try root("a: [1, x, {b: ~}]\nc: e\n", file: "three.yaml") != block)
        #expect(try root("a: [1, x]\nc: d\n", file: "four.yaml") != block)
        #expect(try root("x: '1'", file: "five.yaml") != root("x: 1", file: "six.yaml"))
        #expect(try root("x: 1.0", file: "seven.yaml") != root("x: 1", file: "eight.yaml"))
    }

    @Test("a value that does not fit its explicit tag is an error at its place")
    func badTag() {
        let result = load("a: !!int twelve\n")
        #expect(result.errors.map(\.description) == ["test.yaml:1:4: error: this value is not a valid !!int"])
    }

    @Test("nodes keep 1-based marks, counted in characters")
    func marks() throws {
        let result = load("# comment\nkey:\n  - first\n  - \"ünïcödé\": x\n")
        let root = try #require(result.documents.first)
        #expect(root.mark == Mark(file: "test.yaml", line: 2, column: 1))
        let items = try #require(root.pairs?.first?.value.items)
        #expect(items[0].mark.line == 3 && items[0].mark.column == 5)
        let nested = try #require(items[1].pairs?.first)
        #expect(nested.key.mark.line == 4 && nested.key.mark.column == 5)
        #expect(nested.value.mark.line == 4 && nested.value.mark.column == 16)
    }

    @Test("duplicate keys are reported at the second key, with the first's place, and all of them")
    func duplicateKeys() {
        let result = load("a: 1\nb: 2\na: 3\n0x10: x\n16: y\n")
        #expect(result.errors.map(\.description) == [
            "test.yaml:3:1: error: duplicate key \"a\" (first at line 1, column 1)",
            "test.yaml:5:1: error: duplicate key \"16\" (first at line 4, column 1)",
        ])
    }

    @Test("duplicate keys are found in large mappings too")
    func duplicateKeysInLargeMapping() throws {
        var text = ""
        for index in 0..<500 { text += "key\(index): \(index)\n" }
        text += "key250: again\n"
        text += "0x1F: thirty-one\n31: again\n"
        let result = load(text)
        #expect(result.errors.map(\.description) == [
            "test.yaml:501:1: error: duplicate key \"key250\" (first at line 251, column 1)",
            "test.yaml:503:1: error: duplicate key \"31\" (first at line 502, column 1)",
        ])
        let pairs = try #require(result.documents.first?.pairs)
        #expect(pairs.count == 501)
        #expect(pairs[250].value.scalar?.value == .int(250))
    }

    @Test("anchors and aliases resolve to the anchored value")
    func aliases() throws {
        let result = load("base: &b {x: 1}\ncopy: *b\n")
        let pairs = try #require(result.documents.first?.pairs)
        #expect(pairs[0].value == pairs[1].value)
        #expect(load("a: *missing\n").errors.map(\.description) == ["test.yaml:1:4: error: alias *missing refers to no anchor &missing before it"])
    }

    @Test("an alias bomb is refused, not expanded")
    func aliasBomb() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(refs)]\n"
        }
        let result = load(text)
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.message.contains("expand to more than 1000000 nodes") == true)
    }

    @Test("deep nesting is an error, not a stack overflow")
    func deepNesting() {
        let depth = 100_000
        let result = load(String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
        #expect(result.errors.first?.message == "collections nest deeper than 256 levels")
        #expect(result.errors.first?.mark.column == 257)
    }

    @Test("invalid UTF-8 is reported at its line and column")
    func invalidUTF8() {
        let bytes: [UInt8] = Array("a: ok\nb: ".utf8) + [0xFF, 0xFE] + Array("\n".utf8)
        let result = YAMLLoader().load(bytes, file: "bad.yaml")
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.mark == Mark(file: "bad.yaml", line: 2, column: 4))
        #expect(result.errors.first?.message.hasPrefix("the file is not valid UTF-8") == true)
    }

    @Test("a binary file is rejected with a clear message")
    func binary() {
        let bytes: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]
        let result = YAMLLoader().load(bytes, file: "a.out")
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.message.contains("binary file") == true)
    }

    @Test("tabs used as indentation are a syntax error with a place")
    func tabs() {
        let result = load("a:\n\tb: 1\n")
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.mark.line == 2)
        #expect(result.errors.first?.message.hasPrefix("YAML syntax:") == true)
        #expect(result.errors.first?.message.hasSuffix("YAML does not allow tabs in indentation: indent with spaces") == true,
                "\(result.errors)")
    }

    @Test("a plain value starting with '*' (an unquoted cron) is told to be quoted")
    func unquotedStar() {
        for text in ["cron: * * 2 ? * MON-FRI\n", "cron: */5 * * ? * *\n"] {
            let result = load(text)
            #expect(result.errors.count == 1)
            #expect(result.errors.first?.message.contains("a plain value cannot start with '*', which YAML reads as an alias: quote the value") == true,
                    "\(result.errors)")
        }
    }

    @Test("empty input and comments alone hold no document; an empty document is null")
    func emptyInput() {
        #expect(load("").documents.isEmpty)
        #expect(load("# nothing here\n   \n# at all\n").documents.isEmpty)
        let result = load("---\n...\n---\na: 1\n")
        #expect(result.errors.isEmpty)
        #expect(result.documents.count == 2)
        #expect(result.documents.first?.scalar?.value == .null)
    }
}

/// A file of millions of tiny nodes is refused before it takes gigabytes.
struct YAMLNodeLimitTests {
    @Test("more nodes than the limit is an error at the node that crossed it")
    func nodeLimit() {
        let text = "[" + Array(repeating: "a", count: 1_000).joined(separator: ",") + "]\n"
        let result = YAMLLoader(maxNodes: 500).load(text, file: "big.yaml")
        #expect(result.errors.map(\.description) == ["big.yaml:1:1002: error: the file holds more than 500 YAML nodes; split it into smaller files"])
    }
}
