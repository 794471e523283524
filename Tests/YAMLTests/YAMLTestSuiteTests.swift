import Foundation
import JSONSupport
import Testing
import YAML

/// Runs the community YAML test suite (../shared/yaml-test-suite, see its README) through the loader:
/// every error case must be rejected, every valid case must load, and load to its `in.json` value.
struct YAMLTestSuiteTests {
    /// libyaml 0.2.5 itself rejects these valid cases: its parser stops on them with an error. The
    /// suite's README names four; checking every case against libyaml's own parser (PyYAML's
    /// `yaml.parse(data, Loader=yaml.CLoader)`, see docs/yaml.md) finds these 51. A layer on libyaml
    /// cannot load them, so for these the test asks only for a clean diagnostic.
    static let libyamlRejectsValid: Set<String> = [
        "2JQS", "2LFX", "2SXE", "4ABK", "4MUZ/00", "4MUZ/01", "4MUZ/02", "58MP", "5MUD", "5T43",
        "6BCT", "6CA3", "6LVF", "6M2F", "7Z25", "8XYN", "96NN/00", "96NN/01", "9SA2", "A2M4",
        "BEC7", "CFD4", "DBG4", "DK3J", "DK95/00", "DK95/03", "DK95/04", "FP8R", "FRK4", "HM87/00",
        "HWV9", "K3WX", "M2N8/00", "M7A3", "MUS6/05", "MUS6/06", "NHX8", "NJ66", "NKF9", "Q5MG",
        "QT73", "R4YG", "S3PD", "SM9W/01", "UKK6/00", "UT92", "VJP3/01", "W4TN", "W5VH", "Y79Y/001",
        "Y79Y/010",
    ]
    /// libyaml 0.2.5 parses these valid cases without error but to a different value (`?foo` read as
    /// `foo`, an anchor cut at its colon, trailing blank lines of kept block scalars dropped); PyYAML's
    /// CSafeLoader, on the same libyaml, loads the same wrong values. They must load; their values are
    /// not compared.
    static let libyamlMisreadsValid: Set<String> = ["652Z", "HM87/01", "JEF9/02", "L24T/01", "Y2GN"]
    /// libyaml 0.2.5 accepts these invalid cases; a layer on libyaml may accept them too.
    static let libyamlAcceptsInvalid: Set<String> = [
        "9C9N", "9HCY", "9JBA", "CVW2", "DK95/01", "EB22", "G5U8", "MUS6/00", "MUS6/01", "QB6E",
        "RHX7", "S98Z", "SU5Z", "X4QW", "Y79Y/003", "YJV2",
    ]

    static let suiteDirectory: URL? = {
        if let configured = ProcessInfo.processInfo.environment["CANVASCTL_YAML_TEST_SUITE"] {
            return URL(fileURLWithPath: configured)
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let candidate = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/yaml-test-suite")
        return FileManager.default.fileExists(atPath: candidate.path) ? candidate : nil
    }()

    /// Case ids such as `229Q` and `2G84/01`, found by their `in.yaml`.
    static let caseIDs: [String] = {
        guard let root = suiteDirectory,
              let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var ids: [String] = []
        while let path = enumerator.nextObject() as? String {
            if path.hasSuffix("/in.yaml") { ids.append(String(path.dropLast("/in.yaml".count))) }
        }
        return ids.sorted()
    }()

    /// In CI (`CI` set) the suite must be there: a missing suite fails instead of skipping.
    @Test("the suite is present and complete", .enabled(if: suiteDirectory != nil || ProcessInfo.processInfo.environment["CI"] != nil))
    func suiteIsPresent() {
        #expect(Self.suiteDirectory != nil, "../shared/yaml-test-suite not found (set CANVASCTL_YAML_TEST_SUITE)")
        #expect(Self.caseIDs.count > 300)
    }

    @Test("YAML test suite case", .enabled(if: suiteDirectory != nil), arguments: caseIDs)
    func suiteCase(_ id: String) throws {
        let directory = try #require(Self.suiteDirectory).appendingPathComponent(id)
        let input = try [UInt8](Data(contentsOf: directory.appendingPathComponent("in.yaml")))
        let result = YAMLLoader().load(input, file: "\(id)/in.yaml")
        let isErrorCase = FileManager.default.fileExists(atPath: directory.appendingPathComponent("error").path)

        if isErrorCase {
            if Self.libyamlAcceptsInvalid.contains(id) { return }
            #expect(!result.errors.isEmpty, "\(id) must be rejected")
            for error in result.errors {
                #expect(error.mark.line >= 1 && error.mark.column >= 1)
                #expect(!error.message.isEmpty)
            }
            return
        }
        if Self.libyamlRejectsValid.contains(id) {
            // libyaml's own limitation: a diagnostic with a place, not a crash and not a wrong value.
            #expect(!result.errors.isEmpty)
            #expect(result.errors.allSatisfy { $0.mark.line >= 1 && !$0.message.isEmpty })
            return
        }
        #expect(result.errors.isEmpty, "\(id): \(result.errors.map(\.description))")

        let jsonURL = directory.appendingPathComponent("in.json")
        guard FileManager.default.fileExists(atPath: jsonURL.path), !Self.libyamlMisreadsValid.contains(id) else { return }
        let expected = try JSONStream.values(in: String(decoding: Data(contentsOf: jsonURL), as: UTF8.self))
        let actual = result.documents.map(JSONValue.init(node:))
        #expect(actual == expected, "\(id)")
    }
}

/// The suite's values compared as JSON: numbers as numbers, objects as maps.
extension JSONValue {
    init(node: Node) {
        switch node.content {
        case .scalar(let scalar):
            switch scalar.value {
            case .null: self = .null
            case .bool(let value): self = .bool(value)
            case .int(let value): self = .number(Double(value))
            case .float(let value): self = .number(value)
            case .string(let value): self = .string(value)
            }
        case .sequence(let items):
            self = .array(items.map(JSONValue.init(node:)))
        case .mapping(let pairs):
            var object: [String: JSONValue] = [:]
            for pair in pairs {
                let key: String
                if let scalar = pair.key.scalar, case .string(let text) = scalar.value { key = text } else { key = pair.key.scalar?.text ?? "" }
                object[key] = JSONValue(node: pair.value)
            }
            self = .object(object)
        }
    }
}

/// Splits the suite's `in.json` (one JSON value per document, concatenated) into values.
enum JSONStream {
    static func values(in text: String) throws -> [JSONValue] {
        let bytes = Array(text.utf8)
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
        var values: [JSONValue] = []
        var index = 0
        while true {
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            guard index < bytes.count else { break }
            let start = index
            switch bytes[index] {
            case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""):
                var depth = 0
                var inString = false
                repeat {
                    let byte = bytes[index]
                    if inString {
                        if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
                    } else if byte == UInt8(ascii: "\"") {
                        inString = true
                    } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                        depth += 1
                    } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                        depth -= 1
                    }
                    index += 1
                } while index < bytes.count && (depth > 0 || inString)
            default:
                while index < bytes.count, !isSpace(bytes[index]) { index += 1 }
            }
            values.append(try JSONDecoder().decode(JSONValue.self, from: Data(bytes[start..<index])))
        }
        return values
    }
}
