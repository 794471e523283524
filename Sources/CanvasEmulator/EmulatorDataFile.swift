import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The JSON file an emulator keeps its data in, so that what a test or a `--endpoint local` run
/// created is still there after a restart.
///
/// Writes are atomic: the new content goes to a temporary file in the same directory, which is then
/// renamed over the old one, so a reader (or a crash) sees the old file or the new one, never half
/// of one. There is no fsync: the file is protected against torn writes, not against power loss.
struct EmulatorDataFile: Sendable {
    let path: String

    /// The data in the file; nil when there is no file yet.
    func load() throws(EmulatorStartError) -> EmulatorData? {
        let url = URL(fileURLWithPath: path)
        let bytes: Data
        do {
            bytes = try Data(contentsOf: url)
        } catch {
            if !FileManager.default.fileExists(atPath: path) { return nil }
            throw EmulatorStartError(message: "cannot read the emulator data file \(path): \(error.localizedDescription)")
        }
        let data: EmulatorData
        do {
            data = try JSONDecoder().decode(EmulatorData.self, from: bytes)
        } catch {
            throw EmulatorStartError(message: "\(path) is not an emulator data file (\(Self.describe(error))); move it aside or remove it (the emulator then starts with fresh data), or use another data file")
        }
        guard data.format == EmulatorData.currentFormat else {
            throw EmulatorStartError(message: "\(path) has data format \(data.format); this emulator reads format \(EmulatorData.currentFormat)")
        }
        return data
    }

    /// Replaces the file with `data`, atomically.
    func save(_ data: EmulatorData) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let bytes = try encoder.encode(data)
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        // The file holds the keys and the credentials it was sent: only its owner may read it.
        guard FileManager.default.createFile(atPath: temporary.path, contents: bytes, attributes: [.posixPermissions: 0o600]) else {
            throw EmulatorStartError(message: "cannot write \(temporary.path)")
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw EmulatorStartError(message: "cannot replace \(path): \(reason)")
        }
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .keyNotFound(let key, let context):
            let path = (context.codingPath + [key]).map(\.stringValue).joined(separator: ".")
            return "\(path) is missing"
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
