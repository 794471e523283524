import SafeText

/// Writes YAML text from a small tree of values: block style, keys in the order given, comments
/// where asked, and strings plain only when the loader would read them back as the same string.
///
/// It exists for files people will edit afterwards (`canvasctl export`), so it favours the plain
/// style and keeps short rows such as `{source: Oslo, target: OSL}` on one line. Whatever it
/// writes, ``YAMLLoader`` reads back as the same values under the core schema (tested round trip).
///
/// YAML breaks lines on CR, NEL (U+0085), LS (U+2028) and PS (U+2029) as well as on LF, and its
/// reader refuses most control characters. A scalar holding any of them is double-quoted with
/// escapes (`\r`, `\N`, `\L`, `\P`, `\x1B`, `\u202E`), and comment text shows them as the same
/// escapes: text from a server (a name, a description) can neither start a line of its own in an
/// exported file nor make it unreadable. Bidi controls are escaped too, so that a file reads in the
/// order it is stored.
public struct YAMLEmitter: Sendable {
    /// A value to write.
    public indirect enum Node: Sendable, Hashable {
        case null
        case bool(Bool)
        case int(Int)
        case float(Double)
        case string(String)
        case sequence([Node])
        case mapping([Entry])
        /// A mapping on one line, `{a: 1, b: 2}`: for short rows of scalars.
        case flowMapping([Entry])
    }

    /// One key of a mapping, with comment lines written above it and one written after its value
    /// (after a scalar only).
    public struct Entry: Sendable, Hashable {
        public var key: String
        public var value: Node
        public var comments: [String]
        public var trailingComment: String?
        /// An empty line above the entry (and its comments), to set sections apart.
        public var spaced: Bool

        public init(_ key: String, _ value: Node, comments: [String] = [], trailingComment: String? = nil, spaced: Bool = false) {
            self.key = key
            self.value = value
            self.comments = comments
            self.trailingComment = trailingComment
            self.spaced = spaced
        }
    }

    public init() {}

    /// The text of one document: `header` lines as comments (an empty one as an empty line), then
    /// `root`, ending with a newline.
    public func emit(_ root: Node, header: [String] = []) -> String {
        var lines = header.map { $0.isEmpty ? "" : Self.comment($0, indent: 0) }
        switch root {
        case .mapping(var entries) where !entries.isEmpty:
            if header.isEmpty { entries[0].spaced = false }
            lines += block(entries, indent: 0)
        case .sequence(let items) where !items.isEmpty:
            lines += sequence(items, indent: 0)
        default:
            lines.append(inline(root, inFlow: false))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Block style

    private func block(_ entries: [Entry], indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        var lines: [String] = []
        for entry in entries {
            if entry.spaced { lines.append("") }
            lines += entry.comments.map { Self.comment($0, indent: indent) }
            let key = Self.scalar(entry.key, inFlow: false)
            switch entry.value {
            case .mapping(let nested) where !nested.isEmpty:
                lines.append(pad + key + ":" + Self.trailing(entry.trailingComment))
                lines += block(nested, indent: indent + 2)
            case .sequence(let items) where !items.isEmpty:
                lines.append(pad + key + ":" + Self.trailing(entry.trailingComment))
                lines += sequence(items, indent: indent + 2)
            default:
                lines.append(pad + key + ": " + inline(entry.value, inFlow: false) + Self.trailing(entry.trailingComment))
            }
        }
        return lines
    }

    private func sequence(_ items: [Node], indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        var lines: [String] = []
        for item in items {
            switch item {
            case .mapping(let entries) where !entries.isEmpty:
                // The first key shares the dash's line; the others line up under it.
                let nested = block(entries, indent: indent + 2)
                let first = nested.firstIndex { !$0.trimmingLeadingSpaces.hasPrefix("#") } ?? 0
                for (index, line) in nested.enumerated() {
                    lines.append(index == first ? pad + "- " + line.dropFirst(indent + 2) : line)
                }
            case .sequence(let nested) where !nested.isEmpty:
                lines.append(pad + "-")
                lines += sequence(nested, indent: indent + 2)
            default:
                lines.append(pad + "- " + inline(item, inFlow: false))
            }
        }
        return lines
    }

    private func inline(_ node: Node, inFlow: Bool) -> String {
        switch node {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .float(let number):
            if number.isNaN { return ".nan" }
            if number.isInfinite { return number < 0 ? "-.inf" : ".inf" }
            let text = String(number)
            return text.contains(".") || text.contains("e") ? text : text + ".0"
        case .string(let text): return Self.scalar(text, inFlow: inFlow)
        case .sequence(let items): return "[" + items.map { inline($0, inFlow: true) }.joined(separator: ", ") + "]"
        case .mapping(let entries), .flowMapping(let entries):
            return "{" + entries.map { Self.scalar($0.key, inFlow: true) + ": " + inline($0.value, inFlow: true) }.joined(separator: ", ") + "}"
        }
    }

    // MARK: Scalars and comments

    /// `text` plain when that reads back as the same string, double-quoted otherwise.
    static func scalar(_ text: String, inFlow: Bool) -> String {
        isPlainSafe(text, inFlow: inFlow) ? text : doubleQuoted(text)
    }

    static func isPlainSafe(_ text: String, inFlow: Bool) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        if first == " " || last == " " || last == ":" { return false }
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) { return false }
        // At the start of a line, `...` ends the document (as `---` starts one, which the `-` above
        // rules out): a root scalar or a key of the root mapping is written there.
        if text.hasPrefix("...") { return false }
        for scalar in text.unicodeScalars {
            if mustEscape(scalar) { return false }
            if inFlow && ",[]{}".unicodeScalars.contains(scalar) { return false }
        }
        if text.contains(": ") || text.contains(" #") { return false }
        if case .string = CoreSchema.resolvePlain(text) { return true }
        return false
    }

    static func doubleQuoted(_ text: String) -> String {
        QuotedText.quoted(text, .yaml)
    }

    /// Whether `scalar` is written as an escape: what `PrintableText` finds unsafe to print (line
    /// breaks, controls, bidi controls), the byte order mark, and the two non-characters the
    /// reader refuses (U+FFFE, U+FFFF).
    static func mustEscape(_ scalar: Unicode.Scalar) -> Bool {
        QuotedText.isEscapedInYAML(scalar)
    }

    /// A comment line; a `\n` in `text` starts a new comment line, and every other line break or
    /// control character is shown as its escape, so that no text ends the comment early.
    static func comment(_ text: String, indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? pad + "#" : pad + "# " + commentText($0) }
            .joined(separator: "\n")
    }

    /// A comment after a value, on its line: a `\n` in `comment` becomes a space, and every other
    /// line break or control character its escape.
    private static func trailing(_ comment: String?) -> String {
        guard let comment else { return "" }
        return "  # " + commentText(comment.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: " "))
    }

    /// `text` with every scalar ``mustEscape(_:)`` names as its escape; the rest as is.
    private static func commentText(_ text: some StringProtocol) -> String {
        guard text.unicodeScalars.contains(where: mustEscape) else { return String(text) }
        var result = ""
        for scalar in text.unicodeScalars { QuotedText.appendEscaped(scalar, .yaml, to: &result) }
        return result
    }
}

private extension String {
    var trimmingLeadingSpaces: Substring { drop { $0 == " " } }
}
