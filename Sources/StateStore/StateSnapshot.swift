import Foundation

/// The whole state at one moment: every managed resource by address, plus what identifies this
/// state's history. It is what the state file holds, and what a run reads to plan.
///
/// Written as pretty-printed JSON with sorted keys, so that a state kept in git diffs line by line.
public struct StateSnapshot: Codable, Sendable {
    /// The format this version of the store writes and reads.
    public static let currentFormatVersion = 1

    /// The file format (1).
    public var formatVersion: Int
    /// A UUID made when the state is first created; it identifies one state history, so that two
    /// states for different estates can be told apart even when their records look alike.
    public var lineage: String
    /// How many times the state file has been written; 0 for a state never written.
    public var serial: Int
    /// The managed resources, by address.
    public var records: [String: StateRecord]

    /// The accounts the records are in (nil: the API keys' own), in a stable order. The state file
    /// names them first (`accounts`), so that a plan can start reading them before the rest of a
    /// large file is parsed (``StateFile/open(path:holder:now:recordedAccounts:)``).
    public var accounts: [String?] {
        Set(records.values.map(\.account)).sorted { ($0 ?? "") < ($1 ?? "") }
    }

    public init(
        formatVersion: Int = StateSnapshot.currentFormatVersion,
        lineage: String = StateSnapshot.newLineage(),
        serial: Int = 0,
        records: [String: StateRecord] = [:]
    ) {
        self.formatVersion = formatVersion
        self.lineage = lineage
        self.serial = serial
        self.records = records
    }

    /// A fresh lineage: a random UUID, lowercase.
    public static func newLineage() -> String {
        UUID().uuidString.lowercased()
    }
}
