/// Where a node starts in its source: the file as the user named it, and a 1-based line and column.
///
/// Columns count Unicode scalars, as libyaml does, so they match what an editor shows for text
/// without combining characters. Marks take no part in node equality: two nodes written in different
/// places are equal when their contents are.
public struct Mark: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// The mark `count` columns further along the same line.
    public func advanced(byColumns count: Int) -> Mark {
        Mark(file: file, line: line, column: column + count)
    }

    /// `file:line:column`, the form editors and terminals turn into links.
    public var description: String { "\(file):\(line):\(column)" }
}
