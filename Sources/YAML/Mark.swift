/// Where a node starts in its source: the file as the user named it, and a 1-based line and column.
///
/// Columns count Unicode scalars, as libyaml does, so they match what an editor shows for text
/// without combining characters. Marks take no part in node equality: two nodes written in different
/// places are equal when their contents are.
public struct Mark: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    // Stored as 32-bit numbers: every node has a mark, and 4 GB lines are not a use case.
    private var storedLine: UInt32
    private var storedColumn: UInt32

    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = UInt32(clamping: newValue) }
    }

    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = UInt32(clamping: newValue) }
    }

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.storedLine = UInt32(clamping: line)
        self.storedColumn = UInt32(clamping: column)
    }

    /// The mark `count` columns further along the same line.
    public func advanced(byColumns count: Int) -> Mark {
        Mark(file: file, line: line, column: column + count)
    }

    /// `file:line:column`, the form editors and terminals turn into links.
    public var description: String { "\(file):\(line):\(column)" }
}
