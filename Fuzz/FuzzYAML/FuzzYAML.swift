import FuzzSupport
import YAML

/// Fuzzes the YAML layer: `YAMLLoader.load` on any bytes (libyaml's events through our node table
/// builder: anchors, aliases, tags, the core schema, the depth, alias and node limits), every node
/// of what it loads read back, and the emitter's promise that what it writes loads as the same
/// values.
@main
struct FuzzYAML {
    static func main() {
        FuzzTarget.main(test)
    }

    /// Nodes read per input at most: aliases may make a small file stand for a million nodes.
    static let budget = 20_000

    @Sendable static func test(_ bytes: [UInt8]) {
        let result = YAMLLoader().load(bytes, file: "fuzz.yaml")
        for error in result.errors {
            FuzzTarget.check(error.mark.line >= 1 && error.mark.column >= 1, "an error at \(error.mark)")
            _ = error.description
        }
        var remaining = budget
        for document in result.documents {
            visit(document, remaining: &remaining)
        }
        guard result.errors.isEmpty else { return }
        for document in result.documents {
            guard let value = YAMLEmitter.Node(loaded: document, limit: budget) else { continue }
            roundTrip(value)
        }
    }

    /// Reads everything a node offers, checking what holds for every node.
    static func visit(_ node: Node, remaining: inout Int) {
        guard remaining > 0 else { return }
        remaining -= 1
        FuzzTarget.check(node.mark.line >= 1 && node.mark.column >= 1, "a node at \(node.mark)")
        FuzzTarget.check(node == node, "a node not equal to itself")
        _ = node.kindDescription
        _ = node.isNull
        switch node.content {
        case .scalar(let scalar):
            FuzzTarget.check(node.scalar == scalar, "the scalar and the content differ")
            _ = scalar.value.typeDescription
            if case .string(let text) = scalar.value {
                FuzzTarget.check(node.isStringScalar(text), "the string scalar '\(text)' is not itself")
            }
        case .sequence(let items):
            FuzzTarget.check(node.items?.count == items.count && node.pairs == nil, "a sequence read two ways")
            for item in items { visit(item, remaining: &remaining) }
        case .mapping(let pairs):
            FuzzTarget.check(node.pairs?.count == pairs.count && node.items == nil, "a mapping read two ways")
            for (position, pair) in pairs.enumerated() {
                if let key = pair.key.scalar?.value.string {
                    FuzzTarget.check(pairs.key(at: position, is: key), "the key '\(key)' is not itself")
                    FuzzTarget.check((pairs.firstIndex(ofKey: key) ?? .max) <= position, "the key '\(key)' not found")
                }
                visit(pair.key, remaining: &remaining)
                visit(pair.value, remaining: &remaining)
            }
        }
    }

    /// Emits `value`, loads the text, and checks that it is the same value.
    static func roundTrip(_ value: YAMLEmitter.Node) {
        let text = YAMLEmitter().emit(value)
        let reloaded = YAMLLoader().load(text, file: "emitted.yaml")
        FuzzTarget.check(reloaded.errors.isEmpty, "the emitted text does not load: \(reloaded.errors)\n\(text)")
        FuzzTarget.check(reloaded.documents.count == 1, "the emitted text holds \(reloaded.documents.count) documents\n\(text)")
        guard let document = reloaded.documents.first, let back = YAMLEmitter.Node(loaded: document) else {
            FuzzTarget.check(false, "the emitted text loads as something else\n\(text)")
            return
        }
        FuzzTarget.check(same(value, back), "the emitted text loads as another value\n\(text)")
    }

    /// Equality of values, a NaN equal to a NaN.
    static func same(_ lhs: YAMLEmitter.Node, _ rhs: YAMLEmitter.Node) -> Bool {
        switch (lhs, rhs) {
        case (.float(let left), .float(let right)): return left == right || (left.isNaN && right.isNaN)
        case (.sequence(let left), .sequence(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { same($0, $1) }
        case (.mapping(let left), .mapping(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { $0.key == $1.key && same($0.value, $1.value) }
        default: return lhs == rhs
        }
    }
}
