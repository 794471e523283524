extension YAMLEmitter.Node {
    /// A loaded node as the emitter's value, so that what was emitted can be loaded back and
    /// compared with what was given (the emitter's tests and its fuzz target). Nil when the emitter
    /// cannot write it (a mapping key that is not a string) or it holds more than `limit` nodes.
    public init?(loaded node: Node, limit: Int = .max) {
        var remaining = limit
        guard let value = Self.converted(node, remaining: &remaining) else { return nil }
        self = value
    }

    private static func converted(_ node: Node, remaining: inout Int) -> YAMLEmitter.Node? {
        guard remaining > 0 else { return nil }
        remaining -= 1
        switch node.content {
        case .scalar(let scalar):
            switch scalar.value {
            case .null: return .null
            case .bool(let flag): return .bool(flag)
            case .int(let number): return .int(number)
            case .float(let number): return .float(number)
            case .string(let text): return .string(text)
            }
        case .sequence(let items):
            var values: [YAMLEmitter.Node] = []
            for item in items {
                guard let value = converted(item, remaining: &remaining) else { return nil }
                values.append(value)
            }
            return .sequence(values)
        case .mapping(let pairs):
            var entries: [YAMLEmitter.Entry] = []
            for pair in pairs {
                guard let key = pair.key.scalar?.value.string, let value = converted(pair.value, remaining: &remaining) else { return nil }
                entries.append(YAMLEmitter.Entry(key, value))
            }
            return .mapping(entries)
        }
    }
}
