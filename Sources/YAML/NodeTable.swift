/// Every node of one loaded YAML stream, stored flat: one fixed-size record per node, the children of
/// each collection as a run of record numbers, and the content of every scalar in one byte buffer.
///
/// It exists for speed and size. A 10,000-workflow estate has about 600,000 nodes; as a tree of
/// values each node was a few allocations (its array or string, its mark's file name) and tens of
/// reference counts, and building and freeing them was a third of loading a manifest set. Here a
/// file's nodes are three arrays, and a ``Node`` is a record number with a reference to its table.
/// An alias is the anchored node's record number again, so it costs nothing and shares its mark.
///
/// A table is complete when the loader hands it out and never changes after that.
final class NodeTable: Sendable {
    let file: String
    let records: [NodeRecord]
    /// The children of every collection, each collection's a contiguous run; a mapping's run
    /// alternates keys and values.
    let children: [UInt32]
    /// Every scalar's content, after YAML's escapes and folding, one after another.
    let text: [UInt8]

    init(file: String, records: [NodeRecord], children: [UInt32], text: [UInt8]) {
        self.file = file
        self.records = records
        self.children = children
        self.text = text
    }

    func mark(of index: Int) -> Mark {
        let record = records[index]
        return Mark(file: file, line: Int(record.line), column: Int(record.column))
    }

    /// The content of scalar `index` as a string.
    func string(of index: Int) -> String {
        let record = records[index]
        let start = Int(record.start)
        return String(decoding: text[start..<start + Int(record.count)], as: UTF8.self)
    }

    /// Whether node `index` is a string scalar of exactly the UTF-8 of `string`, compared without
    /// making a string. (Lengths first: the keys of a manifest mapping seldom share one.)
    func isString(_ index: Int, _ string: String) -> Bool {
        let record = records[index]
        let count = Int(record.count)
        guard record.kind == .string, string.utf8.count == count else { return false }
        var string = string
        return string.withUTF8 { utf8 in
            let start = Int(record.start)
            return text.withUnsafeBufferPointer { buffer in
                count == 0 || memoryEquals(buffer.baseAddress! + start, utf8.baseAddress!, count)
            }
        }
    }

    func scalar(of index: Int) -> Scalar {
        let record = records[index]
        return Scalar(text: string(of: index), style: record.style, kind: record.scalarKind, sourceWidth: Int(record.width))
    }
}

/// `count` bytes at `lhs` and at `rhs` are the same. (Written out: `elementsEqual` on the two
/// buffers is much slower, and a manifest's keys are compared here.)
private func memoryEquals(_ lhs: UnsafePointer<UInt8>, _ rhs: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    var index = 0
    while index < count {
        if lhs[index] != rhs[index] { return false }
        index += 1
    }
    return true
}
