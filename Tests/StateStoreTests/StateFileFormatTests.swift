import Foundation
import JSONSupport
import StateStore
import Synchronization
import Testing

/// The state file and the journal are written by hand (not JSONEncoder) and read by a parser of our
/// own: what is written reads back the same, through that parser and through JSONDecoder alike.
struct StateFileFormatTests {
    static let awkward = StateRecord(
        address: "application.tromsø", kind: "application", provider: "canvas", scope: nil, id: "a1",
        attributes: [
            "name": .string("Quote \" backslash \\ newline \n tab \t ☃ \u{1}"),
            "nested": .object(["list": .array([.number(1.5), .number(-2), .bool(false), .null, .object([:]), .array([])])]),
        ],
        fingerprints: [:], appliedAt: "2026-11-27T10:01:00Z"
    )

    /// A workflow whose variables and chain a read keeps as their text until asked for.
    static let withVariables = StateRecord(
        address: "workflow.vars", kind: "workflow", provider: "canvas", scope: "oslo", id: "w1",
        attributes: [
            "name": .string("Vars"), "protect": .bool(false),
            "applications": .object(["FTP": .string("application.ftp"), "QUIN": .string("application.quinyx")]),
            "variables": .object([
                "text": .string("Quote \" backslash \\ ☃ \u{1}"),
                "table": .object(["default": .null, "table": .array([.object(["source": .string("Å"), "target": .number(-2.5)])])]),
            ]),
            "chain": .object(["Block": .object(["x": .object(["variableSource": .number(2), "variableName": .string("text")])])]),
        ],
        fingerprints: [:], appliedAt: "2026-11-27T10:01:00Z"
    )

    @Test("a committed state reads back equal, by StateFile and by JSONDecoder")
    func roundTrip() async throws {
        try await StateFixture.withStatePath { path in
            let state = try StateFile.open(path: path, holder: StateFixture.applyRun)
            try state.record(Self.awkward)
            try state.record(Self.withVariables)
            for key in ["a", "b", "c"] { try state.record(StateFixture.workflow(key)) }
            let written = state.snapshot
            try state.commit()
            state.close()

            let read = try StateFile.read(path: path)
            #expect(read.records == written.records)
            // Variables, chain and applications kept as their text, which answers the same values.
            let record = try #require(read.records["canvas:workflow.vars"])
            #expect(record.attributeText("variables") != nil && record.attributeText("chain") != nil)
            #expect(record.attributeText("applications") != nil)
            #expect(record.attributeText("name") == nil)
            #expect(record.attributes == Self.withVariables.attributes)
            for name in ["variables", "chain", "applications", "name", "protect", "absent"] {
                #expect(record.attribute(name) == Self.withVariables.attributes[name], "\(name)")
            }
            #expect(record.hashValue == Self.withVariables.hashValue)
            var changed = record
            changed.attributes["variables"] = .object([:])
            #expect(changed.attributeText("variables") == nil && changed.attribute("variables") == .object([:]))
            #expect(changed.attribute("chain") == Self.withVariables.attributes["chain"])
            #expect(read.lineage == written.lineage)
            let decoded = try JSONDecoder().decode(StateSnapshot.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(decoded.records == written.records)
            #expect(decoded.serial == 1)
            // Indented, keys sorted: a file that diffs well.
            let text = try StateFixture.text(path)
            #expect(text.hasPrefix("{\n  \"scopes\" : {\n    \"canvas\" : [\n      null,\n      \"oslo\"\n    ]\n  },\n  \"formatVersion\" : 2,\n  \"lineage\" : "), "\(text.prefix(160))")
            #expect(text.range(of: "\"canvas:workflow.a\"")!.lowerBound < text.range(of: "\"canvas:workflow.b\"")!.lowerBound)
        }
    }

    @Test("open tells the scopes the file names first before the records are parsed; a file without them opens as before")
    func leadingAccounts() async throws {
        try await StateFixture.withStatePath { path in
            let state = try StateFile.open(path: path, holder: StateFixture.applyRun)
            try state.record(StateFixture.workflow("a"))
            try state.record(Self.awkward)
            try state.commit()
            state.close()

            let told = Mutex<[[String: [String?]]]>([])
            let reopened = try StateFile.open(path: path, holder: StateFixture.applyRun, recordedScopes: { scopes in told.withLock { $0.append(scopes) } })
            reopened.close()
            #expect(told.withLock { $0 } == [["canvas": [nil, "oslo"]]])
            #expect(reopened.snapshot.scopes == ["canvas": [nil, "oslo"]])

            // Written before the list existed (or edited by hand): nothing is told, the records still say.
            let text = try StateFixture.text(path)
            let start = try #require(text.range(of: "\"formatVersion\""))
            try ("{\n  " + text[start.lowerBound...]).write(toFile: path, atomically: true, encoding: .utf8)
            told.withLock { $0 = [] }
            let old = try StateFile.open(path: path, holder: StateFixture.applyRun, recordedScopes: { scopes in told.withLock { $0.append(scopes) } })
            old.close()
            #expect(told.withLock { $0 }.isEmpty)
            #expect(old.snapshot.records.count == 2)
            #expect(old.snapshot.scopes == ["canvas": [nil, "oslo"]])
        }
    }

    @Test("a state larger than one written piece (1 MiB) is written whole, in order")
    func largeState() async throws {
        try await StateFixture.withStatePath { path in
            let state = try StateFile.open(path: path, holder: StateFixture.applyRun)
            let description = String(repeating: "long text ", count: 100)
            for index in 0..<2_000 {
                var record = StateFixture.workflow(String(format: "w%04d", index))
                record.attributes["description"] = .string(description)
                try state.record(record)
            }
            let written = state.snapshot
            try state.commit()
            state.close()
            #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0 > 2 << 20)
            let decoded = try JSONDecoder().decode(StateSnapshot.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(decoded.records == written.records)
            #expect(try StateFile.read(path: path).records == written.records)
        }
    }

    @Test("journal lines of a run that did not commit replay equal")
    func journalRoundTrip() async throws {
        try await StateFixture.withStatePath { path in
            let state = try StateFile.open(path: path, holder: StateFixture.applyRun)
            try state.record(Self.awkward)
            try state.record(StateFixture.workflow("a"))
            try state.remove(key: "canvas:workflow.a")
            try state.record(StateFixture.workflow("b"))
            let written = state.snapshot
            state.close()
            #expect(try StateFixture.lines(path + ".journal").count == 5, "a begin line and four records")
            #expect(try StateFile.read(path: path).records == written.records)
        }
    }
}
