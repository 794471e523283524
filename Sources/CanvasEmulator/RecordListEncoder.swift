import CanvasAPI
import Foundation
import NIOCore
import Synchronization

/// Encodes the answers of the list endpoints (`GET Workflows`, `GET RegApplications`) from each
/// record's own JSON, kept from the last read of its account.
///
/// Why: at 10,000 workflows, encoding the lists again on every read was most of the emulator's
/// work in a plan, and the benchmarks run the emulator and canvasctl on the same cores. A record
/// is encoded again whenever it differs from the one its JSON was made from, so an answer is
/// always the bytes `JSONEncoder` gives for the whole list (a compact array of its items), and the
/// kept JSON never outlives the next read of the account.
///
/// The routes that change a record hand it over as well (``keep(_:account:)``), so that the first
/// list read after many writes (a plan after an apply) finds their JSON made.
///
/// The whole answer is kept too, with the store's version it was made at (``answer(account:)``):
/// while the store has not changed, a read is that answer again, without copying the records out
/// of the store or comparing them with the ones kept (which were most of the emulator's work in
/// a no-change plan of 10,000 workflows, on the cores canvasctl runs on).
final class RecordListEncoder<Record: Encodable & Equatable & Sendable>: Sendable {
    private let id: @Sendable (Record) -> CanvasID
    /// Per account: each record listed at its last read, with its JSON.
    private let kept = Mutex<[CanvasID: [CanvasID: Encoded]]>([:])
    /// Per account: the last answer made, and the store's version it was made at.
    private let answers = Mutex<[CanvasID: (version: Int, json: ByteBuffer)]>([:])

    private struct Encoded: Sendable {
        var record: Record
        var json: Data
    }

    init(id: @escaping @Sendable (Record) -> CanvasID) {
        self.id = id
    }

    /// Encodes `record` now, for the next list read of `account`.
    func keep(_ record: Record, account: CanvasID) {
        guard let json = try? EmulatorResponse.encoder.encode(record) else { return }
        kept.withLock { $0[account, default: [:]][id(record)] = Encoded(record: record, json: json) }
    }

    /// How to make the list `account` reads (for ``EmulatorResponse/json(status:buffer:)``): the
    /// answer kept while the store's version stands, else the records `read` answers, encoded and
    /// kept. `read` is given the version of the kept answer, and answers nil records when that
    /// version still stands.
    func answer(
        account: CanvasID, read: (_ known: Int?) async -> (version: Int, records: [Record]?)
    ) async -> () throws -> ByteBuffer {
        let kept = answers.withLock { $0[account] }
        let (version, records) = await read(kept?.version)
        if let kept, records == nil { return { kept.json } }
        return { try self.encode(records ?? [], account: account, version: version) }
    }

    /// `records`, the list `account` reads at the store's `version`, as one JSON array; kept as the
    /// answer for that version.
    func encode(_ records: [Record], account: CanvasID, version: Int) throws -> ByteBuffer {
        let json = try encode(records, account: account)
        answers.withLock { $0[account] = (version, json) }
        return json
    }

    /// `records`, the list `account` reads, as one JSON array, in a buffer made at its size (grown
    /// as it was written, the 6 MB answer of 10,000 workflows was copied over and over).
    func encode(_ records: [Record], account: CanvasID) throws -> ByteBuffer {
        let previous = kept.withLock { $0[account] } ?? [:]
        let encoder = EmulatorResponse.encoder
        var items: [Data] = []
        items.reserveCapacity(records.count)
        var size = 2 + max(records.count - 1, 0)
        // When every record is kept as it is (the routes keep what they change), the table stands
        // as it is; it is made again only when a record is new or differs, or one went away.
        var unchanged = records.count == previous.count
        for record in records {
            guard unchanged, let index = previous.index(forKey: id(record)), previous.values[index].record == record else {
                unchanged = false
                break
            }
            items.append(previous.values[index].json)
            size += previous.values[index].json.count
        }
        if unchanged { return Self.join(items, size: size) }
        items.removeAll(keepingCapacity: true)
        size = 2 + max(records.count - 1, 0)
        var current: [CanvasID: Encoded] = [:]
        current.reserveCapacity(records.count)
        for record in records {
            let key = id(record)
            let encoded: Encoded
            if let old = previous[key], old.record == record {
                encoded = old
            } else {
                encoded = Encoded(record: record, json: try encoder.encode(record))
            }
            current[key] = encoded
            items.append(encoded.json)
            size += encoded.json.count
        }
        kept.withLock { $0[account] = current }
        return Self.join(items, size: size)
    }

    /// The items as one JSON array, in a buffer made at its final `size`.
    private static func join(_ items: [Data], size: Int) -> ByteBuffer {
        var json = ByteBufferAllocator().buffer(capacity: size)
        json.writeInteger(UInt8(ascii: "["))
        for (index, item) in items.enumerated() {
            if index > 0 { json.writeInteger(UInt8(ascii: ",")) }
            json.writeBytes(item)
        }
        json.writeInteger(UInt8(ascii: "]"))
        return json
    }
}
