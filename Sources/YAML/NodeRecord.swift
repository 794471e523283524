/// One node of a ``NodeTable``: 32 bytes, no references.
struct NodeRecord: Sendable {
    enum Kind: UInt8, Sendable {
        case null, bool, int, float, string, sequence, mapping
    }

    var kind: Kind
    var style: Scalar.Style
    var line: UInt32
    var column: UInt32
    /// A scalar's width in its source (see ``Scalar/sourceWidth``).
    var width: UInt32
    /// Where a scalar's content starts in the table's text, or where a collection's children start.
    var start: UInt32
    /// The scalar content's length in bytes, or the number of children (twice the pairs of a mapping).
    var count: UInt32
    /// A boolean (0 or 1), an integer's bit pattern, or a float's.
    var payload: UInt64

    var isScalar: Bool { kind != .sequence && kind != .mapping }

    /// Whether this scalar, its content in `text`, means what `other`, its content in `otherText`,
    /// means: `0x10` and `16` do; `'1'` and `1` do not. False when either is a collection.
    func isSameScalar(in text: [UInt8], as other: NodeRecord, in otherText: [UInt8]) -> Bool {
        guard isScalar, other.isScalar, kind == other.kind else { return false }
        guard kind == .string else { return scalarKind == other.scalarKind }
        return count == other.count
            && text[Int(start)..<Int(start + count)].elementsEqual(otherText[Int(other.start)..<Int(other.start + other.count)])
    }

    /// Feeds what this scalar means to `hasher`, its content read from `text`: scalars that are
    /// the same (``isSameScalar(in:as:in:)``) feed the same.
    func combineScalar(of text: [UInt8], into hasher: inout Hasher) {
        hasher.combine(kind)
        guard kind == .string else { return hasher.combine(scalarKind) }
        let start = Int(self.start)
        let end = start + Int(count)
        text.withUnsafeBufferPointer { buffer in
            hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[start..<end])))
        }
    }

    var scalarKind: Scalar.Kind {
        switch kind {
        case .null: .null
        case .bool: .bool(payload != 0)
        case .int: .int(Int(truncatingIfNeeded: payload))
        case .float: .float(Double(bitPattern: payload))
        case .string, .sequence, .mapping: .string
        }
    }
}

extension NodeRecord {
    /// Sets the kind and payload to what the core schema made of the scalar.
    mutating func type(_ value: ScalarValue) {
        switch value {
        case .null: (kind, payload) = (.null, 0)
        case .bool(let bool): (kind, payload) = (.bool, bool ? 1 : 0)
        case .int(let int): (kind, payload) = (.int, UInt64(bitPattern: Int64(int)))
        case .float(let float): (kind, payload) = (.float, float.bitPattern)
        case .string: (kind, payload) = (.string, 0)
        }
    }
}
