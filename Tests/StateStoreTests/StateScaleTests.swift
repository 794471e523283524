import Foundation
import StateStore
import Testing

/// Many changes, and changes from many tasks at once.
struct StateScaleTests {
    /// Recording a change costs the same with 20,000 resources as with one: it appends one line to
    /// the journal and never rewrites the state file (asserted on the files, not on time).
    @Test func recordingDoesNotRewriteTheStateFile() async throws {
        try await StateFixture.withStatePath { path in
            let first = try StateFile.open(path: path, holder: StateFixture.applyRun)
            try first.record(StateFixture.workflow("seed"))
            try first.commit()
            first.close()
            let before = try Data(contentsOf: URL(fileURLWithPath: path))
            let attributesBefore = try FileManager.default.attributesOfItem(atPath: path)

            let state = try StateFile.open(path: path, holder: StateFixture.laterRun)
            let count = 20_000
            for index in 0..<count {
                try state.record(StateFixture.workflow("w\(index)"))
            }
            let attributesAfter = try FileManager.default.attributesOfItem(atPath: path)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
            #expect(attributesAfter[.modificationDate] as? Date == attributesBefore[.modificationDate] as? Date)
            #expect(attributesAfter[.size] as? NSNumber == attributesBefore[.size] as? NSNumber)
            #expect(attributesAfter[.systemFileNumber] as? NSNumber == attributesBefore[.systemFileNumber] as? NSNumber)
            let lines = try StateFixture.lines(path + ".journal")
            #expect(lines.count == count + 1)
            #expect(lines.first?.contains(#""op":"begin""#) == true)
            #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(#"{"op":"put","record":{"#) })
            #expect(state.snapshot.records.count == count + 1)

            try state.commit()
            state.close()
            let json = try StateFixture.json(path)
            #expect((json["records"] as? [String: Any])?.count == count + 1)
            #expect(json["serial"] as? Int == 2)
        }
    }

    @Test func concurrentRecordsAllLand() async throws {
        try await StateFixture.withStatePath { path in
            let state = try StateFile.open(path: path, holder: StateFixture.applyRun)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        for index in 0..<125 {
                            try state.record(StateFixture.workflow("w\(worker)-\(index)"))
                        }
                    }
                }
                try await group.waitForAll()
            }
            let expected = Set((0..<8).flatMap { worker in (0..<125).map { "workflow.w\(worker)-\($0)" } })
            let lines = try StateFixture.lines(path + ".journal")
            #expect(lines.count == 1 + 1_000, "a begin line and every record")
            #expect(lines.first?.contains(#""op":"begin""#) == true)
            let addresses = try lines.dropFirst().map { line -> String in
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                let record = object?["record"] as? [String: Any]
                return record?["address"] as? String ?? ""
            }
            #expect(Set(addresses) == expected)
            #expect(Set(state.snapshot.records.values.map(\.address)) == expected)
            try state.commit()
            state.close()
            #expect((try StateFixture.json(path)["records"] as? [String: Any])?.count == 1_000)
        }
    }
}
