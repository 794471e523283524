/// Loads a YAML stream into node trees: every document of it, with anchors and aliases resolved,
/// duplicate mapping keys rejected and plain scalars typed by the YAML 1.2 core schema.
///
/// It guards against hostile input: nesting deeper than ``maxDepth`` and alias expansion beyond
/// ``maxAliasExpansion`` nodes per document (the "billion laughs" attack) are errors, not crashes.
public struct YAMLLoader: Sendable {
    /// How deeply collections may nest. Manifests need about eight levels.
    public var maxDepth: Int
    /// How many nodes the aliases of one document may stand for in all, counting each alias as the
    /// size of the node it names.
    public var maxAliasExpansion: Int
    /// How many nodes one file may hold. A node takes about 100 bytes in memory, so this keeps a
    /// hostile file of tiny nodes (`[a,a,a,…]`) to a few hundred megabytes; a 10,000-workflow estate
    /// holds about 600,000 nodes in all.
    public var maxNodes: Int

    public init(maxDepth: Int = 256, maxAliasExpansion: Int = 1_000_000, maxNodes: Int = 5_000_000) {
        self.maxDepth = maxDepth
        self.maxAliasExpansion = maxAliasExpansion
        self.maxNodes = maxNodes
    }

    /// Loads every document of `bytes`. A syntax error ends the load (libyaml cannot resume after
    /// one), so `documents` then holds only the documents before it; errors that leave the syntax
    /// intact, such as duplicate keys, are all collected.
    public func load(_ bytes: [UInt8], file: String) -> YAMLLoadResult {
        var builder = TreeBuilder(file: file, maxDepth: maxDepth, maxAliasExpansion: maxAliasExpansion, maxNodes: maxNodes)
        do throws(YAMLError) {
            try LibYAMLEventParser.parse(bytes, file: file) { event throws(YAMLError) in
                try builder.handle(event)
            }
        } catch {
            builder.errors.append(error)
        }
        return YAMLLoadResult(documents: builder.documents, errors: builder.errors)
    }

    /// Loads a string (tests, `--var` values).
    public func load(_ text: String, file: String) -> YAMLLoadResult {
        load(Array(text.utf8), file: file)
    }
}

/// The documents of a YAML stream, and what was wrong with it.
public struct YAMLLoadResult: Sendable {
    public var documents: [Node]
    public var errors: [YAMLError]
}

/// Assembles libyaml's events into trees with an explicit stack, so that deep input cannot
/// overflow the call stack.
private struct TreeBuilder {
    struct Frame {
        enum Kind { case sequence, mapping }
        var kind: Kind
        var mark: Mark
        var anchor: String?
        var items: [Node] = []
        var pairs: [Pair] = []
        var pendingKey: Node?
        /// Nodes in this collection when every alias in it is expanded, itself included.
        var size = 1
        /// Built once a mapping is large enough that scanning its keys would be slow.
        var keyIndex: [Node: Int]?
    }

    let file: String
    let maxDepth: Int
    let maxAliasExpansion: Int
    let maxNodes: Int
    var nodes = 0
    var documents: [Node] = []
    var errors: [YAMLError] = []
    var stack: [Frame] = []
    var anchors: [String: (node: Node, size: Int)] = [:]
    var aliasExpansion = 0

    init(file: String, maxDepth: Int, maxAliasExpansion: Int, maxNodes: Int) {
        self.file = file
        self.maxDepth = maxDepth
        self.maxAliasExpansion = maxAliasExpansion
        self.maxNodes = maxNodes
    }

    func mark(_ position: LibYAMLEventParser.Position) -> Mark {
        Mark(file: file, line: position.line, column: position.column)
    }

    mutating func handle(_ event: consuming LibYAMLEventParser.Event) throws(YAMLError) {
        switch consume event {
        case .documentStart:
            anchors.removeAll(keepingCapacity: true)
            aliasExpansion = 0
        case .documentEnd:
            break
        case .scalar(let text, let style, let anchor, let tag, let position, let width):
            let mark = mark(position)
            let value: ScalarValue
            do throws(CoreSchema.Failure) {
                value = try CoreSchema.resolve(text, style: style, tag: tag)
            } catch {
                guard case .notOfTag(let type) = error else { return }
                // The text is not quoted: it may be a credential.
                errors.append(YAMLError(mark: mark, message: "this value is not a valid !!\(type)"))
                value = .string(text)
            }
            let node = Node(.scalar(Scalar(text: text, style: style, value: value, sourceWidth: width)), mark: mark)
            try complete(node, size: 1, anchor: anchor)
        case .alias(let name, let position):
            guard let anchored = anchors[name] else {
                errors.append(YAMLError(mark: mark(position), message: "alias *\(name) refers to no anchor &\(name) before it"))
                try complete(Node(.scalar(Scalar(text: "", style: .plain, value: .null)), mark: mark(position)), size: 1, anchor: nil)
                return
            }
            aliasExpansion += anchored.size
            if aliasExpansion > maxAliasExpansion {
                throw YAMLError(
                    mark: mark(position),
                    message: "aliases in this document expand to more than \(maxAliasExpansion) nodes; refusing to expand further"
                )
            }
            try complete(anchored.node, size: anchored.size, anchor: nil)
        case .sequenceStart(let anchor, _, let position):
            try push(Frame(kind: .sequence, mark: mark(position), anchor: anchor))
        case .mappingStart(let anchor, _, let position):
            try push(Frame(kind: .mapping, mark: mark(position), anchor: anchor))
        case .sequenceEnd, .mappingEnd:
            guard let frame = stack.popLast() else { return }
            let content: Node.Content = frame.kind == .sequence ? .sequence(frame.items) : .mapping(frame.pairs)
            try complete(Node(content, mark: frame.mark), size: frame.size, anchor: frame.anchor)
        }
    }

    mutating func push(_ frame: consuming Frame) throws(YAMLError) {
        guard stack.count < maxDepth else {
            throw YAMLError(mark: frame.mark, message: "collections nest deeper than \(maxDepth) levels")
        }
        stack.append(frame)
    }

    // `consuming`: the node is moved into its parent rather than copied, which saves a reference
    // count per string for every node of every file.
    mutating func complete(_ node: consuming Node, size: Int, anchor: String?) throws(YAMLError) {
        nodes += 1
        if nodes > maxNodes {
            throw YAMLError(mark: node.mark, message: "the file holds more than \(maxNodes) YAML nodes; split it into smaller files")
        }
        if let anchor {
            anchors[anchor] = (node, size)
        }
        guard !stack.isEmpty else {
            documents.append(node)
            return
        }
        let top = stack.count - 1
        stack[top].size += size
        switch stack[top].kind {
        case .sequence:
            stack[top].items.append(node)
        case .mapping:
            guard let key = stack[top].pendingKey.take() else {
                stack[top].pendingKey = node
                return
            }
            // Only scalar keys are checked: a collection used as a key (rare, and never valid in a
            // manifest) may legitimately be the very same node twice through an alias.
            if case .scalar = key.content, let first = firstIndex(of: key, inFrameAt: top) {
                let original = stack[top].pairs[first].key.mark
                errors.append(YAMLError(
                    mark: key.mark,
                    message: "duplicate key \(Self.describe(key)) (first at line \(original.line), column \(original.column))"
                ))
                return
            }
            let position = stack[top].pairs.count
            if stack[top].keyIndex != nil {
                stack[top].keyIndex?[key] = position
            }
            stack[top].pairs.append(Pair(key: key, value: node))
        }
    }

    /// Where `key` already stands in the mapping being built, if it does.
    mutating func firstIndex(of key: Node, inFrameAt index: Int) -> Int? {
        let linearLimit = 12
        if stack[index].keyIndex == nil {
            if stack[index].pairs.count < linearLimit {
                return stack[index].pairs.firstIndex { $0.key == key }
            }
            var keyIndex: [Node: Int] = [:]
            keyIndex.reserveCapacity(stack[index].pairs.count * 2)
            for (position, pair) in stack[index].pairs.enumerated() where keyIndex[pair.key] == nil {
                keyIndex[pair.key] = position
            }
            stack[index].keyIndex = keyIndex
        }
        return stack[index].keyIndex?[key]
    }

    static func describe(_ key: Node) -> String {
        if let scalar = key.scalar { return "\"\(scalar.text)\"" }
        return "(\(key.kindDescription))"
    }
}
