/// One node of a YAML document: a scalar, a sequence or a mapping, with the mark where it starts.
///
/// Aliases are resolved while the tree is built, so a tree never contains one; an alias shares the
/// storage of its anchor's node (and so its mark). Equality and hashing ignore marks and scalar styles:
/// they compare what the nodes mean, which is what duplicate-key detection needs.
public struct Node: Sendable, Hashable {
    public enum Content: Sendable, Hashable {
        case scalar(Scalar)
        case sequence([Node])
        case mapping([Pair])
    }

    public var content: Content
    public var mark: Mark

    // Explicit tags are applied while the tree is built (they type scalars) and not kept: nothing
    // after the YAML layer needs them, and every node would pay for the field.
    public init(_ content: Content, mark: Mark) {
        self.content = content
        self.mark = mark
    }

    public static func == (lhs: Node, rhs: Node) -> Bool { lhs.content == rhs.content }
    public func hash(into hasher: inout Hasher) { hasher.combine(content) }

    /// The scalar, when this node is one.
    public var scalar: Scalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    /// Whether this node is the string scalar `text`, checked without copying the node.
    public func isStringScalar(_ text: String) -> Bool {
        guard case .scalar(let scalar) = content, case .string = scalar.kind else { return false }
        return scalar.text == text
    }

    /// The pairs, when this node is a mapping.
    public var pairs: [Pair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// The items, when this node is a sequence.
    public var items: [Node]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// "a mapping", "a sequence", "a string", …: what a user would call this node in an error message.
    public var kindDescription: String {
        switch content {
        case .scalar(let scalar): scalar.value.typeDescription
        case .sequence: "a sequence"
        case .mapping: "a mapping"
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
