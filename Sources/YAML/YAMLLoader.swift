/// Loads a YAML stream into nodes: every document of it, with anchors and aliases resolved,
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
    /// How many nodes one file may hold. A node takes about 40 bytes in memory (its record, its
    /// place among its parent's children, its text), so this keeps a hostile file of tiny nodes
    /// (`[a,a,a,…]`) to a few hundred megabytes; a 10,000-workflow estate holds about 600,000
    /// nodes in all.
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
        var builder = NodeTableBuilder(file: file, maxDepth: maxDepth, maxAliasExpansion: maxAliasExpansion, maxNodes: maxNodes)
        var text: [UInt8] = []
        // Scalars' content is about as long as the file, seldom longer; a manifest has a node for
        // every seven or eight bytes. Made at about their final size, the arrays are not copied
        // as they grow (which was a fifth of building them).
        text.reserveCapacity(bytes.count)
        builder.records.reserveCapacity(bytes.count / 6)
        builder.children.reserveCapacity(bytes.count / 6)
        do throws(YAMLError) {
            try LibYAMLEventParser.parse(bytes, file: file, text: &text) { event, text throws(YAMLError) in
                try builder.handle(event, text: text)
            }
        } catch {
            builder.errors.append(error)
        }
        let table = NodeTable(file: file, records: builder.records, children: builder.children, text: text)
        return YAMLLoadResult(documents: builder.documents.map { Node(table: table, index: Int($0)) }, errors: builder.errors)
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
