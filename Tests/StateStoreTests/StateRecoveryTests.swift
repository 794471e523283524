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
            #expect(StateFixture.exists(path + ".lock"), "a killed run leaves its lock")
            #expect(!StateFixture.exists(path))
            // …killed in the middle of a third append.
            try StateFixture.append(#"{"op":"put","record":{"address":"workflow.c","id":"wf-"#, to: path + ".journal")

            // The next run finds the lock, which a person clears.
            #expect(throws: StateError.self) { try StateFile.open(path: path, holder: StateFixture.laterRun) }
            #expect(try StateFile.forceUnlock(path: path) == StateFixture.applyRun)

            let next = try StateFile.open(path: path, holder: StateFixture.laterRun)
            #expect(next.recoveredEntries == 2)
            #expect(Set(next.snapshot.records.keys) == ["workflow.a", "workflow.b"])
            #expect(next.snapshot.records["workflow.a"] == StateFixture.workflow("a"))
            // The torn line is cut off, so the next append starts a line of its own.
            #expect(try StateFixture.text(path + ".journal").hasSuffix("}\n"))
            try next.record(StateFixture.workflow("c"))
            #expect(try StateFixture.lines(path + ".journal").count == 3)

            try next.commit()
            next.close()
            #expect(!StateFixture.exists(path + ".journal"))
            let records = try #require(try StateFixture.json(path)["records"] as? [String: Any])
            #expect(Set(records.keys) == ["workflow.a", "workflow.b", "workflow.c"])
        }
    }

    @Test func aKillBetweenWritingTheStateAndRemovingTheJournalLosesNothing() async throws {
        try await StateFixture.withStatePath { path in
            let state = try StateFile.open(path: path, holder: StateFixture.applyRun)
            try state.record(StateFixture.workflow("a"))
            try state.remove(address: "workflow.a")
            try state.record(StateFixture.workflow("b"))
            let journal = try StateFixture.text(path + ".journal")
            try state.commit()
            state.close()
            // As if the run died right after the rename: the journal is still there.
            try journal.write(toFile: path + ".journal", atomically: false, encoding: .utf8)

            let next = try StateFile.open(path: path, holder: StateFixture.laterRun)
            defer { next.close() }
            #expect(next.recoveredEntries == 3)
            #expect(Set(next.snapshot.records.keys) == ["workflow.b"])
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
            let text = #"{"formatVersion": 2, "lineage": "x", "serial": 9, "resources": []}"#
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            let error = #expect(throws: StateError.self) {
                try StateFile.open(path: path, holder: StateFixture.applyRun)
            }
            #expect(error?.description.contains("version 2") == true)
            #expect(error?.description.contains(path) == true)
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
            #expect(error?.description.contains("line 2 of") == true)
            #expect(error?.description.contains("rename") == true)
        }
    }
}
