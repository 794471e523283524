import CanvasOperations
import Foundation
import StateStore
import Testing

/// `Operations.removeFromState` and `Operations.moveInState` called as a library: what they return,
/// what the state file holds after, and a refusal as a typed error that leaves the file as it was.
struct StateSurgeryOperationsTests {
    static func stateFile() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("canvasctl-surgery-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/canvasctl.state.json"
        let state = try StateFile.open(path: path, holder: LockHolder.current(command: "test"))
        for (address, id) in [("workflow.export", "w1"), ("workflow.report", "w2"), ("application.ftp", "a1")] {
            try state.record(StateRecord(
                address: address, kind: String(address.prefix { $0 != "." }), provider: "canvas", id: id, appliedAt: "2026-12-07T10:00:00Z"
            ))
        }
        try state.commit()
        state.close()
        return path
    }

    @Test("rm and mv store the edited state with a higher serial, and answer the records they concerned")
    func edits() async throws {
        let path = try Self.stateFile()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let removed = try await Operations.removeFromState(["workflow.report"], state: path, lockTimeout: .zero, environment: [:])
        #expect(removed.location == path && removed.records.map(\.id) == ["w2"] && removed.serial == 2)
        let moved = try await Operations.moveInState("workflow.export", to: "workflow.csv-export", state: path, lockTimeout: .zero, environment: [:])
        #expect(moved.records.map(\.address) == ["workflow.csv-export"] && moved.serial == 3)
        let stored = try StateFile.read(path: path)
        #expect(stored.records.keys.sorted() == ["canvas:application.ftp", "canvas:workflow.csv-export"])
        #expect(stored.serial == 3)
        #expect(!FileManager.default.fileExists(atPath: path + ".lock"), "the lock is released")
    }

    @Test("a refused edit is an OperationError saying nothing was changed, and the file keeps its bytes")
    func refused() async throws {
        let path = try Self.stateFile()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let before = FileManager.default.contents(atPath: path)
        await #expect {
            _ = try await Operations.removeFromState(["workflow.export", "workflow.gone"], state: path, lockTimeout: .zero, environment: [:])
        } throws: { error in
            (error as? OperationError)?.description == "the state records no `workflow.gone`; nothing was changed"
        }
        #expect(FileManager.default.contents(atPath: path) == before)
    }
}
