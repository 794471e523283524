import Foundation

extension StateSnapshot {
    /// The state in `bytes` (a state file's JSON, as `state pull` prints it), or why not.
    public static func parsed(_ bytes: [UInt8], location: String) throws(StateError) -> StateSnapshot {
        try decoded(from: bytes, location: location)
    }

    /// The state as its file holds it: pretty JSON with sorted keys, the accounts first.
    public var fileText: [UInt8] {
        var bytes: [UInt8] = []
        StateJSON.writeFile(self) { (piece: [UInt8]) throws(Never) in bytes += piece }
        return bytes
    }

    /// The state in `bytes` (a state file's, or a server's answer), read member by member when it
    /// has the expected shape, else decoded again for a message that names what is wrong.
    /// `recordedAccounts` is told the accounts it names first, before the rest is parsed.
    static func decoded(
        from bytes: [UInt8], location: String, recordedAccounts: ([String?]) -> Void = { _ in }
    ) throws(StateError) -> StateSnapshot {
        guard !bytes.isEmpty else { throw .corrupt(path: location, reason: "it is empty") }
        if let accounts = StateJSON.leadingAccounts(bytes) { recordedAccounts(accounts) }
        if let snapshot = StateJSON.snapshot(bytes), snapshot.formatVersion == StateSnapshot.currentFormatVersion,
           snapshot.records.allSatisfy({ $0.key == $0.value.address }) {
            return snapshot
        }
        let data = Data(bytes)
        let version: Int
        do {
            version = try JSONDecoder().decode(VersionProbe.self, from: data).formatVersion
        } catch {
            throw .corrupt(path: location, reason: DecodingProblem.describe(error))
        }
        guard version == StateSnapshot.currentFormatVersion else {
            throw .unsupportedVersion(path: location, found: version)
        }
        let snapshot: StateSnapshot
        do {
            snapshot = try JSONDecoder().decode(StateSnapshot.self, from: data)
        } catch {
            throw .corrupt(path: location, reason: DecodingProblem.describe(error))
        }
        for (address, record) in snapshot.records where record.address != address {
            throw .corrupt(path: location, reason: "the record under `\(address)` has the address `\(record.address)`")
        }
        return snapshot
    }

    /// The first thing read from a state, so that a newer format is reported as such rather than
    /// as a shape this version does not understand.
    private struct VersionProbe: Decodable {
        var formatVersion: Int
    }
}
