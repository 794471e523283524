import Foundation
import StateStore
import Testing

/// The state's life in a normal run: open, record, commit, close, and the files that leaves.
struct StateFileTests {
    @Test func aFirstApplyWritesTheStateFileAndCleansUp() async throws {
        try await StateFixture.withStatePath { path in
            let state = try StateFile.open(path: path, holder: StateFixture.applyRun)
            #expect(state.snapshot.records.isEmpty)
            #expect(state.snapshot.serial == 0)
            #expect(state.snapshot.formatVersion == 2)
            #expect(UUID(uuidString: state.snapshot.lineage) != nil)
            #expect(state.recoveredEntries == 0)
            #expect(StateFixture.exists(path + ".lock"))
            #expect(try StateFixture.permissions(path + ".lock") == 0o600)

            for key in ["a", "b", "c"] {
                try state.record(StateFixture.workflow(key))
            }
            #expect(!StateFixture.exists(path), "recording does not write the state file")
            #expect(try StateFixture.lines(path + ".journal").count == 4, "a begin line and three records")
            #expect(try StateFixture.permissions(path + ".journal") == 0o600)
            #expect(state.snapshot.records.count == 3)

            try state.commit()
            #expect(!StateFixture.exists(path + ".journal"))
            #expect(!StateFixture.exists(path + ".tmp"))
            #expect(try StateFixture.permissions(path) == 0o600)

            let json = try StateFixture.json(path)
            #expect(json["formatVersion"] as? Int == 2)
            #expect(json["serial"] as? Int == 1)
            #expect(json["lineage"] as? String == state.snapshot.lineage)
            let records = try #require(json["records"] as? [String: Any])
            #expect(Set(records.keys) == ["canvas:workflow.a", "canvas:workflow.b", "canvas:workflow.c"])
            let a = try #require(records["canvas:workflow.a"] as? [String: Any])
            #expect(a["id"] as? String == "wf-a")
            #expect(a["kind"] as? String == "workflow")
            #expect(a["scope"] as? String == "oslo")
            let fingerprints = try #require(a["fingerprints"] as? [String: String])
            #expect(fingerprints["variables"]?.hasPrefix("hmac-sha256:") == true)

            // Pretty, with sorted keys, integers without a fraction: a state kept in git diffs well.
            let text = try StateFixture.text(path)
            #expect(text.components(separatedBy: "\n").count > 20)
            #expect(text.contains("42") && !text.contains("42.0"))
            let order = ["\"formatVersion\"", "\"lineage\"", "\"records\"", "\"serial\""]
                .compactMap { text.range(of: $0)?.lowerBound }
            #expect(order.count == 4 && order == order.sorted())

            state.close()
            #expect(!StateFixture.exists(path + ".lock"))
        }
    }

    @Test func aLaterRunUpdatesAndRemovesRecords() async throws {
        try await StateFixture.withStatePath { path in
            let first = try StateFile.open(path: path, holder: StateFixture.applyRun)
            for key in ["a", "b", "c"] {
                try first.record(StateFixture.workflow(key))
            }
            try first.commit()
            first.close()
            let lineage = try StateFixture.json(path)["lineage"] as? String

            let second = try StateFile.open(path: path, holder: StateFixture.laterRun)
            #expect(second.recoveredEntries == 0)
            #expect(second.snapshot.records.count == 3)
            #expect(second.snapshot.records["canvas:workflow.b"] == StateFixture.workflow("b"))
            try second.record(StateFixture.workflow("a", id: "wf-a-replaced"))
            try second.record(StateFixture.workflow("d"))
            try second.remove(key: "canvas:workflow.b")
            try second.remove(key: "canvas:workflow.never-there")
            #expect(try StateFixture.lines(path + ".journal").count == 4, "removing an unknown address writes nothing")
            #expect(try StateFixture.lines(path + ".journal").last == #"{"key":"canvas:workflow.b","op":"remove"}"#)
            try second.commit()
            second.close()

            let json = try StateFixture.json(path)
            #expect(json["serial"] as? Int == 2)
            #expect(json["lineage"] as? String == lineage)
            let records = try #require(json["records"] as? [String: [String: Any]])
            #expect(Set(records.keys) == ["canvas:workflow.a", "canvas:workflow.c", "canvas:workflow.d"])
            #expect(records["canvas:workflow.a"]?["id"] as? String == "wf-a-replaced")
        }
    }

    @Test func recordingContinuesAfterACommit() async throws {
        try await StateFixture.withStatePath { path in
            let state = try StateFile.open(path: path, holder: StateFixture.applyRun)
            try state.record(StateFixture.workflow("a"))
            try state.commit()
            try state.record(StateFixture.workflow("b"))
            #expect(try StateFixture.lines(path + ".journal").count == 2, "a new journal after the commit: its begin line and one record")
            try state.commit()
            state.close()
            #expect(try StateFixture.json(path)["serial"] as? Int == 2)
            #expect((try StateFixture.json(path)["records"] as? [String: Any])?.count == 2)
        }
    }

    @Test func aRunThatChangedNothingWritesNothing() async throws {
        try await StateFixture.withStatePath { path in
            let state = try StateFile.open(path: path, holder: StateFixture.applyRun)
            try state.commit()
            state.close()
            #expect(!StateFixture.exists(path))
            #expect(!StateFixture.exists(path + ".lock"))
        }
    }

    @Test func closingWithoutCommittingKeepsTheChangesForTheNextRun() async throws {
        try await StateFixture.withStatePath { path in
            let state = try StateFile.open(path: path, holder: StateFixture.applyRun)
            try state.record(StateFixture.workflow("a"))
            state.close()
            state.close()
            #expect(!StateFixture.exists(path + ".lock"))
            let error = #expect(throws: StateError.self) { try state.record(StateFixture.workflow("b")) }
            #expect(error?.description.contains("closed") == true)

            let next = try StateFile.open(path: path, holder: StateFixture.laterRun)
            defer { next.close() }
            #expect(next.recoveredEntries == 1)
            #expect(next.snapshot.records["canvas:workflow.a"] != nil)
        }
    }

    @Test func aPlainValueGivenAsAFingerprintIsNeverWritten() async throws {
        try await StateFixture.withStatePath { path in
            let state = try StateFile.open(path: path, holder: StateFixture.applyRun)
            defer { state.close() }
            var record = StateFixture.workflow("a")
            record.fingerprints["password"] = "hunter2"
            let error = #expect(throws: StateError.self) { try state.record(record) }
            #expect(error?.description.contains("workflow.a") == true)
            #expect(error?.description.contains("password") == true)
            #expect(error?.description.contains("hunter2") == false)
            #expect(!StateFixture.exists(path + ".journal"))
            #expect(state.snapshot.records.isEmpty)
        }
    }
}
