/// One node of a YAML document: a scalar, a sequence or a mapping, with the mark where it starts.
///
/// A node is a place in its file's ``NodeTable``, so it is cheap to copy and pass around; its
/// content is read from the table when asked for. Aliases are resolved while the table is built: an
/// alias is its anchor's node (and so has its mark). Equality and hashing ignore marks and scalar
/// styles: they compare what the nodes mean, which is what duplicate-key detection needs.
public struct Node: Sendable, Hashable {
    public enum Content: Sendable {
        case scalar(Scalar)
        case sequence(Items)
        case mapping(Pairs)
    }

    let table: NodeTable
    let index: Int

    init(table: NodeTable, index: Int) {
        self.table = table
        self.index = index
    }

    private var record: NodeRecord { table.records[index] }

    public var content: Content {
        let record = record
        switch record.kind {
        case .sequence: return .sequence(Items(table: table, start: Int(record.start), count: Int(record.count)))
        case .mapping: return .mapping(Pairs(table: table, start: Int(record.start), count: Int(record.count) / 2))
        case .null, .bool, .int, .float, .string: return .scalar(table.scalar(of: index))
        }
    }

    public var mark: Mark { table.mark(of: index) }

    /// The scalar, when this node is one.
    public var scalar: Scalar? {
        record.isScalar ? table.scalar(of: index) : nil
    }

    /// Whether this node is the string scalar `text`, checked without making a string.
    public func isStringScalar(_ text: String) -> Bool {
        table.isString(index, text)
    }

    /// Whether this node is a null scalar (`~`, `null`, or nothing at all).
    public var isNull: Bool { record.kind == .null }

    /// The pairs, when this node is a mapping.
    public var pairs: Pairs? {
        let record = record
        guard record.kind == .mapping else { return nil }
        return Pairs(table: table, start: Int(record.start), count: Int(record.count) / 2)
    }

    /// The items, when this node is a sequence.
    public var items: Items? {
        let record = record
        guard record.kind == .sequence else { return nil }
        return Items(table: table, start: Int(record.start), count: Int(record.count))
    }

    /// "a mapping", "a sequence", "a string", …: what a user would call this node in an error message.
    public var kindDescription: String {
        switch record.kind {
        case .null: "null"
        case .bool: "a boolean"
        case .int: "an integer"
        case .float: "a number"
        case .string: "a string"
        case .sequence: "a sequence"
        case .mapping: "a mapping"
        }
    }

    public static func == (lhs: Node, rhs: Node) -> Bool {
        if lhs.table === rhs.table, lhs.index == rhs.index { return true }
        let left = lhs.record
        let right = rhs.record
        switch (left.kind, right.kind) {
        case (.sequence, .sequence), (.mapping, .mapping):
            guard left.count == right.count else { return false }
            for offset in 0..<Int(left.count) {
                let leftChild = Node(table: lhs.table, index: Int(lhs.table.children[Int(left.start) + offset]))
                let rightChild = Node(table: rhs.table, index: Int(rhs.table.children[Int(right.start) + offset]))
                if leftChild != rightChild { return false }
            }
            return true
        default:
            return left.isSameScalar(in: lhs.table.text, as: right, in: rhs.table.text)
        }
    }

    public func hash(into hasher: inout Hasher) {
        let record = record
        guard !record.isScalar else { return record.combineScalar(of: table.text, into: &hasher) }
        hasher.combine(record.kind)
        hasher.combine(record.count)
        for offset in 0..<Int(record.count) {
            Node(table: table, index: Int(table.children[Int(record.start) + offset])).hash(into: &hasher)
        }
    }
}

/// A key and its value in a mapping, in source order.
public struct Pair: Sendable, Hashable {
    public var key: Node
    public var value: Node

    public init(key: Node, value: Node) {
        self.key = key
        self.value = value
    }
}

extension Node {
    /// The pairs of a mapping node, in source order, read from its table as they are asked for.
    public struct Pairs: RandomAccessCollection, Sendable {
        let table: NodeTable
        let start: Int
        public let count: Int

        public var startIndex: Int { 0 }
        public var endIndex: Int { count }

        /// Whether the key of pair `position` is the string scalar `text`, checked without making
        /// a node or a string.
        public func key(at position: Int, is text: String) -> Bool {
            precondition(position >= 0 && position < count, "pair index out of range")
            return table.isString(Int(table.children[start + 2 * position]), text)
        }

        /// The position of the first pair whose key is the string scalar `text`.
        public func firstIndex(ofKey text: String) -> Int? {
            (0..<count).first { key(at: $0, is: text) }
        }

        public subscript(position: Int) -> Pair {
            precondition(position >= 0 && position < count, "pair index out of range")
            let offset = start + 2 * position
            return Pair(
                key: Node(table: table, index: Int(table.children[offset])),
                value: Node(table: table, index: Int(table.children[offset + 1]))
            )
        }
    }

    /// The items of a sequence node, in source order, read from its table as they are asked for.
    public struct Items: RandomAccessCollection, Sendable {
        let table: NodeTable
        let start: Int
        public let count: Int

        public var startIndex: Int { 0 }
        public var endIndex: Int { count }

        public subscript(position: Int) -> Node {
            precondition(position >= 0 && position < count, "item index out of range")
            return Node(table: table, index: Int(table.children[start + position]))
        }
    }
}
