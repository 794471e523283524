/// Assembles libyaml's events into a ``NodeTable``'s records with an explicit stack, so that deep
/// input cannot overflow the call stack. A collection's record is written when it ends, after its
/// children's; until then its children wait in `pending`, one run per open collection.
struct NodeTableBuilder {
    struct Frame {
        var kind: NodeRecord.Kind
        var line: UInt32
        var column: UInt32
        var anchor: String?
        /// Where this collection's children start in `pending`.
        var base: Int
        /// A mapping's key, until its value is complete.
        var pendingKey: UInt32?
        /// Nodes in this collection when every alias in it is expanded, itself included.
        var size = 1
        /// A key's hash to the first pair with a key of that hash, built once a mapping is large
        /// enough that scanning its keys would be slow.
        var keyIndex: [Int: Int]?
    }

    let file: String
    let maxDepth: Int
    let maxAliasExpansion: Int
    let maxNodes: Int
    var nodes = 0
    var records: [NodeRecord] = []
    var children: [UInt32] = []
    var pending: [UInt32] = []
    var documents: [UInt32] = []
    var errors: [YAMLError] = []
    var stack: [Frame] = []
    var anchors: [String: (index: UInt32, size: Int)] = [:]
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

    func mark(of index: UInt32) -> Mark {
        let record = records[Int(index)]
        return Mark(file: file, line: Int(record.line), column: Int(record.column))
    }

    mutating func handle(_ event: consuming LibYAMLEventParser.Event, text: [UInt8]) throws(YAMLError) {
        switch consume event {
        case .documentStart:
            anchors.removeAll(keepingCapacity: true)
            aliasExpansion = 0
        case .documentEnd:
            break
        case .scalar(let range, let style, let anchor, let tag, let position, let width):
            guard range.upperBound < Int(UInt32.max) else {
                throw YAMLError(mark: mark(position), message: "the file holds more than 4 GB of text; split it into smaller files")
            }
            var record = NodeRecord(
                kind: .string,
                style: style,
                line: UInt32(clamping: position.line),
                column: UInt32(clamping: position.column),
                width: UInt32(clamping: width),
                start: UInt32(range.lowerBound),
                count: UInt32(range.count),
                payload: 0
            )
            // Most plain scalars are words, and a glance at their bytes shows they are strings.
            if tag != nil || (style == .plain && CoreSchema.mayBeTyped(text[range])) {
                let string = String(decoding: text[range], as: UTF8.self)
                do throws(CoreSchema.Failure) {
                    record.type(try CoreSchema.resolve(string, style: style, tag: tag))
                } catch {
                    guard case .notOfTag(let type) = error else { return }
                    // The text is not quoted: it may be a credential.
                    errors.append(YAMLError(mark: mark(position), message: "this value is not a valid !!\(type)"))
                }
            }
            try complete(append(record, at: position), size: 1, anchor: anchor, text: text)
        case .alias(let name, let position):
            guard let anchored = anchors[name] else {
                errors.append(YAMLError(mark: mark(position), message: "alias *\(name) refers to no anchor &\(name) before it"))
                let null = NodeRecord(
                    kind: .null,
                    style: .plain,
                    line: UInt32(clamping: position.line),
                    column: UInt32(clamping: position.column),
                    width: 0,
                    start: 0,
                    count: 0,
                    payload: 0
                )
                try complete(append(null, at: position), size: 1, anchor: nil, text: text)
                return
            }
            aliasExpansion += anchored.size
            if aliasExpansion > maxAliasExpansion {
                throw YAMLError(
                    mark: mark(position),
                    message: "aliases in this document expand to more than \(maxAliasExpansion) nodes; refusing to expand further"
                )
            }
            try complete(anchored.index, size: anchored.size, anchor: nil, text: text)
        case .sequenceStart(let anchor, _, let position):
            try push(.sequence, at: position, anchor: anchor)
        case .mappingStart(let anchor, _, let position):
            try push(.mapping, at: position, anchor: anchor)
        case .sequenceEnd, .mappingEnd:
            guard let frame = stack.popLast() else { return }
            let start = children.count
            children.append(contentsOf: pending[frame.base...])
            pending.removeSubrange(frame.base...)
            let record = NodeRecord(
                kind: frame.kind,
                style: .plain,
                line: frame.line,
                column: frame.column,
                width: 0,
                start: UInt32(truncatingIfNeeded: start),
                count: UInt32(truncatingIfNeeded: children.count - start),
                payload: 0
            )
            let position = LibYAMLEventParser.Position(line: Int(frame.line), column: Int(frame.column))
            try complete(append(record, at: position), size: frame.size, anchor: frame.anchor, text: text)
        }
    }

    mutating func push(_ kind: NodeRecord.Kind, at position: LibYAMLEventParser.Position, anchor: String?) throws(YAMLError) {
        guard stack.count < maxDepth else {
            throw YAMLError(mark: mark(position), message: "collections nest deeper than \(maxDepth) levels")
        }
        stack.append(Frame(
            kind: kind,
            line: UInt32(clamping: position.line),
            column: UInt32(clamping: position.column),
            anchor: anchor,
            base: pending.count
        ))
    }

    /// Adds a record and returns its number.
    mutating func append(_ record: NodeRecord, at position: LibYAMLEventParser.Position) throws(YAMLError) -> UInt32 {
        // Record and child numbers are 32-bit; `maxNodes` normally stops a file long before.
        guard records.count < Int(UInt32.max), children.count < Int(UInt32.max) - 1 else {
            throw YAMLError(mark: mark(position), message: "the file holds too many YAML nodes; split it into smaller files")
        }
        records.append(record)
        return UInt32(records.count - 1)
    }

    mutating func complete(_ node: UInt32, size: Int, anchor: String?, text: [UInt8]) throws(YAMLError) {
        nodes += 1
        if nodes > maxNodes {
            throw YAMLError(mark: mark(of: node), message: "the file holds more than \(maxNodes) YAML nodes; split it into smaller files")
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
        guard stack[top].kind == .mapping else {
            pending.append(node)
            return
        }
        guard let key = stack[top].pendingKey.take() else {
            stack[top].pendingKey = node
            return
        }
        // Only scalar keys are checked: a collection used as a key (rare, and never valid in a
        // manifest) may legitimately be the very same node twice through an alias.
        if records[Int(key)].isScalar, let first = firstPair(withKey: key, inFrameAt: top, text: text) {
            let original = mark(of: pending[stack[top].base + 2 * first])
            errors.append(YAMLError(
                mark: mark(of: key),
                message: "duplicate key \(describe(key, text: text)) (first at line \(original.line), column \(original.column))"
            ))
            return
        }
        if stack[top].keyIndex != nil {
            let position = (pending.count - stack[top].base) / 2
            let hash = keyHash(key, text: text)
            if stack[top].keyIndex?[hash] == nil { stack[top].keyIndex?[hash] = position }
        }
        pending.append(key)
        pending.append(node)
    }

    /// Which pair of the mapping being built already has `key`, if one does.
    mutating func firstPair(withKey key: UInt32, inFrameAt index: Int, text: [UInt8]) -> Int? {
        let linearLimit = 12
        let base = stack[index].base
        let pairs = (pending.count - base) / 2
        func scan() -> Int? {
            (0..<pairs).first { sameScalar(pending[base + 2 * $0], key, text: text) }
        }
        if stack[index].keyIndex == nil {
            if pairs < linearLimit { return scan() }
            var keyIndex: [Int: Int] = [:]
            keyIndex.reserveCapacity(pairs * 2)
            for position in 0..<pairs {
                let hash = keyHash(pending[base + 2 * position], text: text)
                if keyIndex[hash] == nil { keyIndex[hash] = position }
            }
            stack[index].keyIndex = keyIndex
        }
        guard let candidate = stack[index].keyIndex?[keyHash(key, text: text)] else { return nil }
        if sameScalar(pending[base + 2 * candidate], key, text: text) { return candidate }
        // Two different keys with one hash: rare enough to look through them all.
        return scan()
    }

    /// Whether two nodes are scalars of the same value (`0x10` and `16` are).
    func sameScalar(_ lhs: UInt32, _ rhs: UInt32, text: [UInt8]) -> Bool {
        records[Int(lhs)].isSameScalar(in: text, as: records[Int(rhs)], in: text)
    }

    /// A hash that equal scalars share.
    func keyHash(_ node: UInt32, text: [UInt8]) -> Int {
        var hasher = Hasher()
        records[Int(node)].combineScalar(of: text, into: &hasher)
        return hasher.finalize()
    }

    func describe(_ key: UInt32, text: [UInt8]) -> String {
        let record = records[Int(key)]
        guard record.isScalar else { return record.kind == .sequence ? "(a sequence)" : "(a mapping)" }
        return "\"\(String(decoding: text[Int(record.start)..<Int(record.start + record.count)], as: UTF8.self))\""
    }
}
