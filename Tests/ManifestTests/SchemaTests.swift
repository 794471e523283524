import Foundation
import Testing
import YAML

/// `schemas/manifest.schema.json` describes the language the loader accepts: every example
/// document validates against it (checked by Python's jsonschema, a full 2020-12 implementation),
/// and a document the loader rejects is rejected by the schema too.
struct SchemaTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var exampleFiles: [String] {
        let examples = root.appendingPathComponent("examples").path
        let enumerator = FileManager.default.enumerator(atPath: examples)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".yaml") || path.hasSuffix(".yml"), !path.hasPrefix("ci/") {
                files.append(examples + "/" + path)
            }
        }
        return files.sorted()
    }

    /// Validates documents against the schema with jsonschema; returns the failures it printed.
    func validate(_ documents: [(name: String, node: Node)]) throws -> (status: Int32, output: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("canvasctl-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var arguments = ["-c", Self.validator, Self.root.appendingPathComponent("schemas/manifest.schema.json").path]
        for (index, document) in documents.enumerated() {
            let file = directory.appendingPathComponent("\(index).json")
            let data = try JSONSerialization.data(withJSONObject: Self.json(document.node), options: [.fragmentsAllowed])
            try data.write(to: file)
            arguments += [document.name, file.path]
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    static let validator = """
        import json, sys
        import jsonschema
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        failed = 0
        for name, path in zip(sys.argv[2::2], sys.argv[3::2]):
            for error in validator.iter_errors(json.load(open(path))):
                failed += 1
                print(f"{name}: {'/'.join(map(str, error.absolute_path))}: {error.message}")
        sys.exit(1 if failed else 0)
        """

    static func json(_ node: Node) -> Any {
        switch node.content {
        case .scalar(let scalar):
            switch scalar.value {
            case .null: return NSNull()
            case .bool(let value): return value
            case .int(let value): return value
            case .float(let value): return value
            case .string(let value): return value
            }
        case .sequence(let items): return items.map(json)
        case .mapping(let pairs):
            var object: [String: Any] = [:]
            for pair in pairs { object[pair.key.scalar?.text ?? ""] = json(pair.value) }
            return object
        }
    }

    @Test("every example document validates against the schema")
    func examplesValidate() throws {
        let files = Self.exampleFiles
        #expect(files.count >= 4)
        var documents: [(String, Node)] = []
        for file in files {
            let result = YAMLLoader().load(try [UInt8](Data(contentsOf: URL(fileURLWithPath: file))), file: file)
            #expect(result.errors.isEmpty)
            documents += result.documents.enumerated().map { ("\(file)#\($0.offset + 1)", $0.element) }
        }
        let (status, output) = try validate(documents)
        #expect(status == 0, "\(output)")
    }

    /// Documents on which the schema and the loader must agree, and whether both accept them.
    static let agreement: [(text: String, valid: Bool)] = [
        ("applications: {a: {app: Quinyx}}", true),
        ("variables: {s: a}\napplications: {a: {app: X}}\nworkflows: {w: {template: T, applications: {Q: \"${var.s}\"}}}", true),
        ("workflows: {w: {template: T, variables: {v: null, l: [a, null], t: {table: [{source: a, target: null}]}}}}", true),
        ("workflows: {w: {template: T, chain: {B: {v: {variableSource: 2, variableName: x, value: [a]}}}}}", true),
        ("workflows: {w: {template: T, schedule: {cron: \"0 0 2 ? * MON-FRI\"}, deploy: true, protect: false}}", true),
        ("versoin: 1", false),
        ("version: 2", false),
        ("account: not-a-guid", false),
        ("applications: {a: {name: no app}}", false),
        ("applications: {a: {app: \"\"}}", false),
        ("workflows: {w: {template: T, deploy: \"yes\"}}", false),
        ("workflows: {w: {template: T, schedule: {enabled: true}}}", false),
        ("workflows: {'bad key': {template: T}}", false),
        ("workflows: {w: {template: T, chain: {B: {v: {variableSource: 2, variableName: x, value: {table: []}}}}}}", false),
        ("workflows: {w: {template: T, chain: {B: {v: {value: 1}}}}}", false),
        ("workflows: {w: {template: T, variables: {t: {table: [{source: a}]}}}}", false),
    ]

    @Test("the schema and the loader accept and reject the same documents")
    func schemaAgreesWithLoader() async throws {
        for (text, valid) in Self.agreement {
            let node = try #require(YAMLLoader().load(text, file: "inline").documents.first)
            let (status, output) = try validate([("inline", node)])
            #expect(!output.contains("Traceback"), "\(output)")
            #expect(status == (valid ? 0 : 1), "schema on: \(text)\n\(output)")
            if !valid { #expect(output.hasPrefix("inline: "), "a schema error, not a crash: \(output)") }
            let fixture = try ManifestFixture(["a.yaml": text])
            let loaded = await fixture.load()
            #expect((loaded.value != nil) == valid, "loader on: \(text)")
        }
    }
}
