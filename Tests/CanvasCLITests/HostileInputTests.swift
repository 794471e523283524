import Foundation
import Testing

/// No input may crash `validate`: each of these ends with a clean exit code and a message.
struct HostileInputTests {
    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var files: [String: [UInt8]]
        var exitCode: Int32
        /// Text stderr (for 1) or stdout (for 0) must contain.
        var expected: String
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    static let cases: [Case] = {
        var bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 { bomb += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        return [
            Case(description: "an empty file", files: ["a.yaml": []], exitCode: 0, expected: "Valid: 1 file, 0 documents"),
            Case(description: "only comments", files: ["a.yaml": bytes("# just\n# comments\n")], exitCode: 0, expected: "Valid: 1 file, 0 documents"),
            Case(description: "tabs as indentation", files: ["a.yaml": bytes("applications:\n\ta: {app: X}\n")], exitCode: 1, expected: "a.yaml:2:1: error: YAML syntax"),
            Case(description: "invalid UTF-8", files: ["a.yaml": bytes("applications:\n  a: {app: \"") + [0xC3, 0x28] + bytes("\"}\n")], exitCode: 1, expected: "a.yaml:2:14: error: the file is not valid UTF-8"),
            Case(description: "a binary file", files: ["a.yaml": [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00] + Array(repeating: 0, count: 64)], exitCode: 1, expected: "is this a binary file?"),
            Case(description: "deeply nested flows", files: ["a.yaml": bytes("workflows: " + String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000) + "\n")], exitCode: 1, expected: "collections nest deeper than 256 levels"),
            Case(description: "an alias bomb", files: ["a.yaml": bytes(bomb)], exitCode: 1, expected: "refusing to expand further"),
            Case(description: "a scalar where a document should be", files: ["a.yaml": bytes("just a string\n")], exitCode: 1, expected: "a.yaml:1:1: error: a manifest document must be a mapping, found a string"),
            Case(description: "a UTF-16 file with a byte order mark", files: ["a.yaml": [0xFF, 0xFE] + Array("applications: {a: {app: X}}\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })], exitCode: 0, expected: "1 application"),
            Case(description: "a directory with no YAML at all", files: ["notes.txt": bytes("hello\n")], exitCode: 1, expected: "error: no manifest files (*.yaml, *.yml) in this directory or below it"),
        ]
    }()

    @Test("hostile input", arguments: cases)
    func hostile(_ input: Case) async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (name, data) in input.files {
            try Data(data).write(to: URL(fileURLWithPath: directory + "/" + name))
        }
        let run = await CLI.run(["validate", directory])
        #expect(run.exitCode == input.exitCode, "\(run.error)")
        #expect((input.exitCode == 0 ? run.output : run.error).contains(input.expected), "\(run.output)\(run.error)")
    }

    @Test("a 50 MB manifest loads")
    func large() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var text = "workflows:\n  big:\n    template: T\n    description: |\n"
        let line = "      " + String(repeating: "lorem ipsum ", count: 8) + "\n"
        text.reserveCapacity(52_000_000)
        while text.utf8.count < 50_000_000 { text += line }
        try text.write(toFile: directory + "/big.yaml", atomically: false, encoding: .utf8)
        let run = await CLI.run(["validate", directory])
        #expect(run.exitCode == 0, "\(run.error)")
        #expect(run.output.contains("1 workflow"))
    }
}
