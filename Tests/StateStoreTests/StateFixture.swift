import JSONSupport
import Foundation
import StateStore

/// What the state tests share: a temporary directory per test, removed afterwards, and the records,
/// holders and file readers the tests build their cases from.
enum StateFixture {
    /// Runs `body` with the path of a state file in a new, empty temporary directory, and removes the
    /// directory afterwards whatever happens.
    static func withStatePath<T>(_ body: (String) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("canvasctl-state-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try await body(directory.appendingPathComponent("canvasctl.state.json").path)
    }

    /// A run as a CI machine would start it.
    static let applyRun = LockHolder(
        pid: 4242, host: "ci-7", user: "runner", command: "canvasctl apply", startedAt: "2026-11-27T10:00:00Z"
    )

    /// Another run, on a laptop.
    static let laterRun = LockHolder(
        pid: 77, host: "laptop", user: "ana", command: "canvasctl apply", startedAt: "2026-11-27T12:30:00Z"
    )

    /// A workflow record with a few typical attributes and one fingerprint.
    static func workflow(_ key: String, id: String? = nil) -> StateRecord {
        StateRecord(
            address: "workflow.\(key)",
            kind: "workflow",
            provider: "canvas",
            scope: "oslo",
            id: id ?? "wf-\(key)",
            attributes: [
                "name": .string("Export \(key)"),
                "retries": .number(42),
                "deploy": .bool(true),
                "tags": .array([.string("nightly"), .null]),
            ],
            fingerprints: ["variables": Fingerprinter(secret: "api-secret").fingerprint("vars of \(key)")],
            appliedAt: "2026-11-27T10:01:00Z"
        )
    }

    static func text(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    /// The file's lines, without the empty string after the last newline.
    static func lines(_ path: String) throws -> [String] {
        var lines = try text(path).components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The state file as plain JSON, read without the store.
    static func json(_ path: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        return object as? [String: Any] ?? [:]
    }

    static func permissions(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    static func append(_ text: String, to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }
}
