import Testing
import YAML

/// What the emitter writes reads back, through the loader, as the values it was given: strings
/// that look like other types, indicators, control characters, nesting, comments.
struct YAMLEmitterTests {
    /// The loaded value of a node, in the emitter's terms, for comparing round trips.
    static func value(_ node: Node) -> YAMLEmitter.Node? {
        YAMLEmitter.Node(loaded: node)
    }

    static let awkward = [
        "plain", "true", "no", "null", "~", "", " padded ", "12", "0x1F", "1e3", ".inf", "-", "- item", "? key", "a: b", "a #b",
        "#hash", "ends:", "quote\"d", "back\\slash", "line\nbreak", "tab\there", "\u{7}bell", "{braces}", "[brackets]", "a,b",
        "*alias", "&anchor", "!tag", "|block", ">folded", "'single'", "%percent", "@at", "`tick`", "Tromsø ✓", "\u{2028}", "0 0 2 ? * MON-FRI *",
        "${env:X}",
    ]

    @Test("every awkward string reads back as itself, as a value, a key, in a list and in a flow mapping")
    func strings() throws {
        let entries = Self.awkward.enumerated().map { YAMLEmitter.Entry("k\($0.offset)", .string($0.element)) }
        let root = YAMLEmitter.Node.mapping([
            .init("values", .mapping(entries), comments: ["values", "of every kind"]),
            .init("keys", .mapping(Self.awkward.filter { !$0.isEmpty }.map { YAMLEmitter.Entry($0, .int(1)) })),
            .init("list", .sequence(Self.awkward.map { .string($0) })),
            .init("rows", .sequence(Self.awkward.map { .flowMapping([.init("source", .string($0)), .init("target", .null)]) })),
        ])
        let text = YAMLEmitter().emit(root, header: ["a header", ""])
        let loaded = YAMLLoader().load(text, file: "emitted.yaml")
        #expect(loaded.errors.isEmpty, "\(loaded.errors)\n\(text)")
        let document = try #require(loaded.documents.first)
        let back = Self.value(document)
        let expectedRows = YAMLEmitter.Node.sequence(Self.awkward.map { .mapping([.init("source", .string($0)), .init("target", .null)]) })
        guard case .mapping(let sections) = back else { Issue.record("not a mapping: \(text)"); return }
        #expect(sections.map(\.key) == ["values", "keys", "list", "rows"])
        #expect(sections[0].value == .mapping(entries), "\(text)")
        #expect(sections[1].value == .mapping(Self.awkward.filter { !$0.isEmpty }.map { YAMLEmitter.Entry($0, .int(1)) }), "\(text)")
        #expect(sections[2].value == .sequence(Self.awkward.map { .string($0) }), "\(text)")
        #expect(sections[3].value == expectedRows, "\(text)")
    }

    /// Found by fuzzing (Fuzz/FuzzYAML): `... k-` was written plain, and at the start of a line `...`
    /// ends the document, so the text read back as nothing, or as a syntax error.
    @Test("a string starting with the document end marker reads back as a root scalar and as a key of the root mapping")
    func documentEndMarker() throws {
        for text in ["...", "... k-", "...x", "... end: here"] {
            for root in [YAMLEmitter.Node.string(text), .mapping([.init(text, .int(1)), .init("b", .string(text))])] {
                let emitted = YAMLEmitter().emit(root)
                let loaded = YAMLLoader().load(emitted, file: "emitted.yaml")
                #expect(loaded.errors.isEmpty, "\(loaded.errors)\n\(emitted)")
                #expect(loaded.documents.count == 1, "\(emitted)")
                #expect(try Self.value(#require(loaded.documents.first)) == root, "\(emitted)")
            }
        }
    }

    @Test("plain where it is safe, quoted where it is not; comments and empty lines where asked")
    func layout() {
        let text = YAMLEmitter().emit(.mapping([
            .init("version", .int(1)),
            .init("applications", .mapping([
                .init("ftp", .mapping([.init("name", .string("FTP main")), .init("port", .string("21"), trailingComment: "a string")])),
            ]), comments: ["review: check"], spaced: true),
            .init("empty", .mapping([])),
            .init("table", .sequence([.mapping([.init("a", .int(1)), .init("b", .float(2))])])),
        ]), header: ["Exported"])
        #expect(text == """
            # Exported
            version: 1

            # review: check
            applications:
              ftp:
                name: FTP main
                port: "21"  # a string
            empty: {}
            table:
              - a: 1
                b: 2.0

            """)
    }

    /// The characters YAML breaks lines on besides LF.
    static let lineBreaks: [(name: String, scalar: String, escape: String)] = [
        ("CR", "\r", #"\r"#), ("NEL", "\u{85}", #"\N"#), ("LS", "\u{2028}", #"\L"#), ("PS", "\u{2029}", #"\P"#),
    ]

    @Test("a scalar with CR, NEL, LS or PS is double-quoted with its escape and reads back as itself", arguments: 0..<4)
    func lineBreakScalar(_ index: Int) throws {
        let lineBreak = Self.lineBreaks[index]
        let value = "before\(lineBreak.scalar)  injected: ${file:/etc/passwd}"
        let root = YAMLEmitter.Node.mapping([
            .init("value", .string(value)), .init(value, .string("key")), .init("list", .sequence([.string(value)])),
            .init("row", .flowMapping([.init("source", .string(value))])),
        ])
        let text = YAMLEmitter().emit(root)
        #expect(text.contains("\"before\(lineBreak.escape)  injected: ${file:/etc/passwd}\""), "\(text)")
        #expect(!text.unicodeScalars.contains(lineBreak.scalar.unicodeScalars.first!), "\(lineBreak.name) written as itself: \(text)")
        let loaded = YAMLLoader().load(text, file: "emitted.yaml")
        #expect(loaded.errors.isEmpty, "\(loaded.errors)\n\(text)")
        let document = try #require(loaded.documents.first)
        #expect(Self.value(document) == .mapping([
            .init("value", .string(value)), .init(value, .string("key")), .init("list", .sequence([.string(value)])),
            .init("row", .mapping([.init("source", .string(value))])),
        ]), "\(text)")
    }

    @Test("a comment with CR, NEL, LS or PS stays one comment line: the document reads back with no key of its own", arguments: 0..<4)
    func lineBreakComment(_ index: Int) throws {
        let lineBreak = Self.lineBreaks[index]
        let hostile = "Password\(lineBreak.scalar)${file:/etc/passwd}"
        let indented = "Password\(lineBreak.scalar)  injected: ${file:/etc/passwd}"
        let root = YAMLEmitter.Node.mapping([
            .init("credentials", .mapping([
                .init("password", .string("${env:FTP_PASSWORD}"), comments: [hostile, indented], trailingComment: indented),
                .init("user", .string("canvas"), trailingComment: hostile),
            ]), comments: [indented]),
        ])
        let text = YAMLEmitter().emit(root, header: [hostile, indented])
        #expect(!text.unicodeScalars.contains(lineBreak.scalar.unicodeScalars.first!), "\(lineBreak.name) written as itself: \(text)")
        #expect(text.contains("# Password\(lineBreak.escape)${file:/etc/passwd}"), "\(text)")
        #expect(text.split(separator: "\n").allSatisfy { !$0.contains("${file:") || $0.contains("# Password") }, "\(text)")
        let loaded = YAMLLoader().load(text, file: "emitted.yaml")
        #expect(loaded.errors.isEmpty, "\(loaded.errors)\n\(text)")
        let document = try #require(loaded.documents.first)
        #expect(Self.value(document) == .mapping([
            .init("credentials", .mapping([.init("password", .string("${env:FTP_PASSWORD}")), .init("user", .string("canvas"))])),
        ]), "\(text)")
    }

    @Test("a comment shows controls and bidi characters as escapes, and keeps the line breaks the emitter means")
    func commentControls() throws {
        let text = YAMLEmitter().emit(
            .mapping([.init("a", .int(1), comments: ["one\ntwo \u{1B}[31m\u{202E}\u{FFFE}"], trailingComment: "three\nfour\u{7}")]), header: ["Exported"]
        )
        #expect(text == """
            # Exported
            # one
            # two \\x1B[31m\\u202E\\uFFFE
            a: 1  # three four\\x07

            """)
        let loaded = YAMLLoader().load(text, file: "emitted.yaml")
        #expect(loaded.errors.isEmpty, "\(loaded.errors)\n\(text)")
        #expect(try Self.value(#require(loaded.documents.first)) == .mapping([.init("a", .int(1))]))
    }
}
