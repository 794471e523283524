import FileSupport
import Foundation

/// The JSON file an emulator keeps its data in, so that what a test or a `--endpoint local` run
/// created is still there after a restart.
///
/// Writes are atomic (``FileSystem/replace(_:with:durable:)``): the new content goes to a temporary
/// file in the same directory, which is then renamed over the old one, so a reader (or a crash) sees
/// the old file or the new one, never half of one. There is no fsync: the file is protected against
/// torn writes, not against power loss. The file holds the keys and the credentials it was sent: it
/// is created readable by its owner only (its directory, when made here, too), and a link in its
/// place is refused rather than read or replaced.
struct EmulatorDataFile: Sendable {
    let path: String

    /// The data in the file; nil when there is no file yet.
    func load() throws(EmulatorStartError) -> EmulatorData? {
        let read: [UInt8]?
        do throws(FileSystem.Failure) {
            read = try FileSystem.contents(of: path)
        } catch {
            throw EmulatorStartError(error, path: path, doing: "read the emulator data file")
        }
        guard let bytes = read else { return nil }
        let data: EmulatorData
        do {
            data = try JSONDecoder().decode(EmulatorData.self, from: Data(bytes))
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
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do throws(FileSystem.Failure) {
            try FileSystem.createDirectory(directory)
            try FileSystem.replace(path, with: Array(bytes), durable: false)
        } catch {
            throw EmulatorStartError(error, path: path, doing: "replace")
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
