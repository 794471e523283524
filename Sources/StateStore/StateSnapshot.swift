import Foundation

/// The whole state at one moment: every managed resource by address, plus what identifies this
/// state's history. It is what the state file holds, and what a run reads to plan.
///
/// Written as pretty-printed JSON with sorted keys, so that a state kept in git diffs line by line.
public struct StateSnapshot: Codable, Sendable {
    /// The format this version of the store writes. It reads format 1 too, and upgrades it: format
    /// 1 predates providers and neutral scopes (its records have an `account`, and are keyed by
    /// address alone).
    public static let currentFormatVersion = 2
    /// The provider of every record of format 1, which knew one only.
    public static let formatOneProvider = "canvas"

    /// The file format (2).
    public var formatVersion: Int
    /// A UUID made when the state is first created; it identifies one state history, so that two
    /// states for different estates can be told apart even when their records look alike.
    public var lineage: String
    /// How many times the state file has been written; 0 for a state never written.
    public var serial: Int
    /// The managed resources, by ``StateRecord/key`` (`canvas:workflow.export`).
    public var records: [String: StateRecord]

    /// The scopes each provider's records are in (nil: the default scope), in a stable order. The
    /// state file names them first (`scopes`), so that a plan can start reading them before the
    /// rest of a large file is parsed.
    public var scopes: [String: [String?]] {
        var scopes: [String: Set<String?>] = [:]
        for record in records.values { scopes[record.provider, default: []].insert(record.scope) }
        return scopes.mapValues { $0.sorted { ($0 ?? "") < ($1 ?? "") } }
    }

    /// The record of `address` of `provider`.
    public func record(provider: String, address: String) -> StateRecord? {
        records[StateRecord.key(provider: provider, address: address)]
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
