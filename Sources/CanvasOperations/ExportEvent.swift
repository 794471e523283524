/// What exporting reports while it runs, in the order it happens, for a caller that shows
/// progress; the library prints nothing.
public enum ExportEvent: Sendable, Equatable {
    /// The live state of this many accounts was read.
    case accountsRead(Int)
    /// A manifest file was written at this path.
    case fileWritten(String)
    /// This many resources were recorded in the state as adopted, and the state committed.
    case adopted(Int)
}
