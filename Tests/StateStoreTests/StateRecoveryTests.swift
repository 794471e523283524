import Foundation
import StateStore
import Testing

/// What the next run finds after a run was killed, or when the files are damaged.
struct StateRecoveryTests {
    @Test func aKilledRunsChangesAreRecoveredAndFolded() async throws {
        try await StateFixture.withStatePath { path in
            // A run records two changes and is killed: no commit, no close.
            do {
                let killed = try StateFile.open(path: path, holder: StateFixture.applyRun)
                try killed.record(StateFixture.workflow("a"))
                try killed.record(StateFixture.workflow("b"))
            }
            #expect(StateFixture.exists(path + ".lock"), "a killed run leaves its lock file")
            #expect(!StateFixture.exists(path))
            // …killed in the middle of a third append.
            try StateFixture.append(#"{"op":"put","record":{"address":"workflow.c","id":"wf-"#, to: path + ".journal")

            // Its OS lock went with it: the next run takes the state over, with no unlock.
            let next = try StateFile.open(path: path, holder: StateFixture.laterRun)
            #expect(next.recoveredEntries == 2)
            #expect(Set(next.snapshot.records.keys) == ["canvas:workflow.a", "canvas:workflow.b"])
            #expect(next.snapshot.records["canvas:workflow.a"] == StateFixture.workflow("a"))
            // The torn line is cut off, so the next append starts a line of its own.
            #expect(try StateFixture.text(path + ".journal").hasSuffix("}\n"))
            try next.record(StateFixture.workflow("c"))
            #expect(try StateFixture.lines(path + ".journal").count == 4, "a begin line and three records")

            try next.commit()
            next.close()
            #expect(!StateFixture.exists(path + ".journal"))
            let records = try #require(try StateFixture.json(path)["records"] as? [String: Any])
            #expect(Set(records.keys) == ["canvas:workflow.a", "canvas:workflow.b", "canvas:workflow.c"])
        }
    }

    @Test func aKillBetweenWritingTheStateAndRemovingTheJournalLosesNothing() async throws {
        try await StateFixture.withStatePath { path in
            let state = try StateFile.open(path: path, holder: StateFixture.applyRun)
            try state.record(StateFixture.workflow("a"))
            try state.remove(key: "canvas:workflow.a")
            try state.record(StateFixture.workflow("b"))
            let journal = try StateFixture.text(path + ".journal")
            try state.commit()
            state.close()
            // As if the run died right after the rename: the journal is still there.
            try journal.write(toFile: path + ".journal", atomically: false, encoding: .utf8)

            let next = try StateFile.open(path: path, holder: StateFixture.laterRun)
            defer { next.close() }
            #expect(next.recoveredEntries == 3)
            #expect(Set(next.snapshot.records.keys) == ["canvas:workflow.b"])
            #expect(next.snapshot.serial == 1)
        }
    }

    @Test func aCorruptStateFileIsReportedWithItsPath() async throws {
        try await StateFixture.withStatePath { path in
            try "{ \"formatVersion\": 1, \"records\": ".write(toFile: path, atomically: false, encoding: .utf8)
            let error = #expect(throws: StateError.self) {
                try StateFile.open(path: path, holder: StateFixture.applyRun)
            }
            #expect(error?.description.contains(path) == true)
            #expect(error?.path == path)
            #expect(!StateFixture.exists(path + ".lock"), "a failed open releases its lock")
        }
    }

    @Test func aStateFileOfTheWrongShapeNamesWhatIsWrong() async throws {
        try await StateFixture.withStatePath { path in
            let text = #"{"formatVersion": 1, "lineage": "x", "serial": 1, "records": {"workflow.a": {"kind": "workflow"}}}"#
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            let error = #expect(throws: StateError.self) {
                try StateFile.open(path: path, holder: StateFixture.applyRun)
            }
            #expect(error?.description.contains(path) == true)
            #expect(error?.description.contains("records.workflow.a") == true)
        }
    }

    @Test func aNewerFormatIsReportedAsSuch() async throws {
        try await StateFixture.withStatePath { path in
            let text = #"{"formatVersion": 3, "lineage": "x", "serial": 9, "resources": []}"#
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            let error = #expect(throws: StateError.self) {
                try StateFile.open(path: path, holder: StateFixture.applyRun)
            }
            #expect(error?.description.contains("version 3") == true)
            #expect(error?.description.contains(path) == true)
        }
    }

    @Test("a journal left beside another state file than the one it builds on is refused, not replayed onto it")
    func aJournalOfAnotherStateIsRefused() async throws {
        try await StateFixture.withStatePath { path in
            let first = try StateFile.open(path: path, holder: StateFixture.applyRun)
            try first.record(StateFixture.workflow("a"))
            try first.commit()
            try first.record(StateFixture.workflow("b"))
            first.close()
            // A killed run's journal builds on serial 1; the state file is then replaced by another one.
            let journal = try String(contentsOfFile: path + ".journal", encoding: .utf8)
            try FileManager.default.removeItem(atPath: path + ".journal")
            try FileManager.default.removeItem(atPath: path)
            let other = try StateFile.open(path: path, holder: StateFixture.applyRun)
            try other.record(StateFixture.workflow("x"))
            try other.commit()
            other.close()
            try journal.write(toFile: path + ".journal", atomically: true, encoding: .utf8)

            let error = #expect(throws: StateError.self) {
                try StateFile.open(path: path, holder: StateFixture.laterRun)
            }
            #expect(error?.description.contains("on top of another state") == true, "\(String(describing: error))")
            #expect(error?.description.contains("move the journal aside") == true)
            #expect(!FileManager.default.fileExists(atPath: path + ".lock"), "the lock taken to read it is released")
            #expect(throws: StateError.self) { try StateFile.read(path: path) }
        }
    }

    @Test("a killed first run's journal, with no state file yet, is replayed and its state keeps the journal's lineage")
    func aFirstRunsJournalIsReplayed() async throws {
        try await StateFixture.withStatePath { path in
            let first = try StateFile.open(path: path, holder: StateFixture.applyRun)
            try first.record(StateFixture.workflow("a"))
            let lineage = first.snapshot.lineage
            first.close()
            #expect(!FileManager.default.fileExists(atPath: path))
            let second = try StateFile.open(path: path, holder: StateFixture.laterRun)
            #expect(second.recoveredEntries == 1)
            #expect(second.snapshot.lineage == lineage)
            try second.commit()
            second.close()
            #expect(try StateFixture.json(path)["lineage"] as? String == lineage)
        }
    }

    @Test func aDamagedJournalLineIsReportedWithItsNumber() async throws {
        try await StateFixture.withStatePath { path in
            let state = try StateFile.open(path: path, holder: StateFixture.applyRun)
            try state.record(StateFixture.workflow("a"))
            state.close()
            try StateFixture.append("{\"op\":\"rename\",\"address\":\"workflow.a\"}\n", to: path + ".journal")
            let error = #expect(throws: StateError.self) {
                try StateFile.open(path: path, holder: StateFixture.laterRun)
            }
            #expect(error?.description.contains(path + ".journal") == true)
            #expect(error?.description.contains("line 3 of") == true, "line 1 names the state the journal builds on")
            #expect(error?.description.contains("rename") == true)
        }
    }
}
