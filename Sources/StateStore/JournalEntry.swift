/// One line of the journal: a change recorded since the state file was last written.
///
/// Written as `{"op":"put","record":{…}}` or `{"op":"remove","key":"canvas:…"}`, one per line, so that
/// recording a change appends a few hundred bytes instead of rewriting the whole state. A journal
/// starts with `{"op":"begin","lineage":"…","serial":N}`: the state file it builds on, so that it is
/// never replayed onto another one (journals written before that line existed have none).
enum JournalEntry: Codable, Sendable {
    case begin(lineage: String, serial: Int)
    case put(StateRecord)
    /// The record with this ``StateRecord/key`` is gone.
    case remove(key: String)

    private enum CodingKeys: String, CodingKey {
        case op, record, key, lineage, serial
        /// Format 1's name of the removed record: its address (its provider's is Canvas).
        case address
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let op = try container.decode(String.self, forKey: .op)
        switch op {
        case "put": self = .put(try container.decode(StateRecord.self, forKey: .record))
        case "remove":
            if let key = try container.decodeIfPresent(String.self, forKey: .key) {
                self = .remove(key: key)
            } else {
                let address = try container.decode(String.self, forKey: .address)
                self = .remove(key: StateRecord.key(provider: StateSnapshot.formatOneProvider, address: address))
            }
        case "begin":
            self = .begin(lineage: try container.decode(String.self, forKey: .lineage), serial: try container.decode(Int.self, forKey: .serial))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .op, in: container, debugDescription: "unknown operation `\(op)` (expected begin, put or remove)"
            )
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .put(let record):
            try container.encode("put", forKey: .op)
            try container.encode(record, forKey: .record)
        case .remove(let key):
            try container.encode("remove", forKey: .op)
            try container.encode(key, forKey: .key)
        case .begin(let lineage, let serial):
            try container.encode("begin", forKey: .op)
            try container.encode(lineage, forKey: .lineage)
            try container.encode(serial, forKey: .serial)
        }
    }

    /// Applies the change to `records`.
    func apply(to records: inout [String: StateRecord]) {
        switch self {
        case .put(let record): records[record.key] = record
        case .remove(let key): records[key] = nil
        case .begin: break
        }
    }
}
