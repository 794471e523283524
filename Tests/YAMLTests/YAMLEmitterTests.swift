import Testing
import YAML

/// What the emitter writes reads back, through the loader, as the values it was given: strings
/// that look like other types, indicators, control characters, nesting, comments.
struct YAMLEmitterTests {
    /// The loaded value of a node, in the emitter's terms, for comparing round trips.
    static func value(_ node: Node) -> YAMLEmitter.Node {
        switch node.content {
        case .scalar(let scalar):
            switch scalar.value {
            case .null: return .null
            case .bool(let flag): return .bool(flag)
            case .int(let number): return .int(number)
            case .float(let number): return .float(number)
            case .string(let text): return .string(text)
            }
        case .sequence(let items): return .sequence(items.map(value))
        case .mapping(let pairs):
            return .mapping(pairs.map { YAMLEmitter.Entry($0.key.scalar?.value.string ?? "?", value($0.value)) })
        }
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
}
