import Foundation

extension StateSnapshot {
    /// The state in `bytes` (a state file's JSON, as `state pull` prints it), or why not.
    public static func parsed(_ bytes: [UInt8], location: String) throws(StateError) -> StateSnapshot {
        try decoded(from: bytes, location: location)
    }

    /// The state as its file holds it: pretty JSON with sorted keys, the scopes first.
    public var fileText: [UInt8] {
        var bytes: [UInt8] = []
        StateJSON.writeFile(self) { (piece: [UInt8]) throws(Never) in bytes += piece }
        return bytes
    }

    /// The state in `bytes` (a state file's, or a server's answer), read member by member when it
    /// has the expected shape, else decoded again for a message that names what is wrong.
    /// `recordedScopes` is told the scopes it names first, before the rest is parsed. A state of
    /// format 1 is upgraded as it is read (``upgraded()``): its next write is of the current format.
    static func decoded(
        from bytes: [UInt8], location: String, recordedScopes: ([String: [String?]]) -> Void = { _ in }
    ) throws(StateError) -> StateSnapshot {
        guard !bytes.isEmpty else { throw .corrupt(path: location, reason: "it is empty") }
        if let scopes = StateJSON.leadingScopes(bytes) { recordedScopes(scopes) }
        if let snapshot = StateJSON.snapshot(bytes), let upgraded = snapshot.upgraded() {
            return upgraded
        }
        let data = Data(bytes)
        let version: Int
        do {
            version = try JSONDecoder().decode(VersionProbe.self, from: data).formatVersion
        } catch {
            throw .corrupt(path: location, reason: DecodingProblem.describe(error))
        }
        guard version == 1 || version == StateSnapshot.currentFormatVersion else {
            throw .unsupportedVersion(path: location, found: version)
        }
        let snapshot: StateSnapshot
        do {
            snapshot = try JSONDecoder().decode(StateSnapshot.self, from: data)
        } catch {
            throw .corrupt(path: location, reason: DecodingProblem.describe(error))
        }
        for (key, record) in snapshot.records where key != (version == 1 ? record.address : record.key) {
            throw .corrupt(path: location, reason: "the record under `\(key)` has the \(version == 1 ? "address" : "key") `\(version == 1 ? record.address : record.key)`")
        }
        guard let upgraded = snapshot.upgraded() else {
            throw .corrupt(path: location, reason: "two records of format 1 have one key")
        }
        return upgraded
    }

    /// The snapshot in the current format: one of format 1 has its records keyed anew (by
    /// ``StateRecord/key``, their provider being ``formatOneProvider``). Nil when the records are
    /// not under the keys their format says, or when the format is another.
    func upgraded() -> StateSnapshot? {
        switch formatVersion {
        case StateSnapshot.currentFormatVersion:
            return records.allSatisfy({ $0.key == $0.value.key }) ? self : nil
        case 1:
            guard records.allSatisfy({ $0.key == $0.value.address }) else { return nil }
            var upgraded = self
            upgraded.formatVersion = StateSnapshot.currentFormatVersion
            upgraded.records = Dictionary(uniqueKeysWithValues: records.values.map { ($0.key, $0) })
            return upgraded
        default:
            return nil
        }
    }

    /// The first thing read from a state, so that a newer format is reported as such rather than
    /// as a shape this version does not understand.
    private struct VersionProbe: Decodable {
        var formatVersion: Int
    }
}
