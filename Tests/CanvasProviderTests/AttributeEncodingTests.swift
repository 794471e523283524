@testable import CanvasProvider
import Foundation
import JSONSupport
import Manifest
import OrderedCollections
import Reconciler
@testable import StateStore
import Testing
import YAML

/// The planner tells a workflow unchanged by one value, the digest of its inputs and of Canvas's
/// fields (``AppliedDigest``): a digest that stayed the same when anything changed would hide a
/// change from the plan, so every input and every field is held to change it.
struct AttributeEncodingTests {
    static let encoding = AttributeEncoding(fingerprinter: Fingerprinter(secret: "test-secret"))
    static let mark = Mark(file: "set.yaml", line: 1, column: 1)

    static func variables(_ entries: [(String, VariableValue)]) -> OrderedDictionary<String, Sourced<VariableValue>> {
        OrderedDictionary(uniqueKeysWithValues: entries.map { ($0.0, Sourced($0.1, at: mark)) })
    }

    static let table = LookupTable(rows: [.init(source: .string("Oslo"), target: .string("OSL"))], defaultValue: .null)

    static let manifests: [OrderedDictionary<String, Sourced<VariableValue>>] = [
        variables([("amount", .scalar(.string("500")))]),
        variables([("amount", .scalar(.int(500)))]),
        variables([("amount", .scalar(.float(0.5)))]),
        variables([("amount", .scalar(.bool(true)))]),
        variables([("amount", .scalar(.null))]),
        variables([("amount", .list([.string("a"), .string("b")]))]),
        variables([("amount", .list([.string("b"), .string("a")]))]),
        variables([("amount", .scalar(.string("500"))), ("locations", .lookupTable(table))]),
        variables([("locations", .lookupTable(LookupTable(rows: table.rows, defaultValue: .string("XXX"))))]),
        variables([("locations", .lookupTable(LookupTable(rows: [], defaultValue: .null)))]),
        // Told by their text when read from a file: names in another order than the file's, a
        // negative number, text with a quote or beyond ASCII, a whole float, a float JSON cannot hold.
        variables([("b", .scalar(.string("Ålesund"))), ("a", .scalar(.int(-3)))]),
        variables([("amount", .scalar(.string("say \"hi\"")))]),
        variables([("amount", .scalar(.float(500)))]),
        variables([("amount", .scalar(.float(.nan)))]),
    ]

    static let recorded: [JSONValue] = [
        .object(["amount": .string("500")]),
        .object(["amount": .number(500)]),
        .object(["amount": .number(0.5)]),
        .object(["amount": .bool(true)]),
        .object(["amount": .null]),
        .object(["amount": .array([.string("a"), .string("b")])]),
        .object(["amount": .string("500"), "locations": .object([
            "table": .array([.object(["source": .string("Oslo"), "target": .string("OSL")])]), "default": .null,
        ])]),
        .object(["locations": .object([
            "table": .array([.object(["source": .string("Oslo"), "target": .string("OSL")])]), "default": .string("XXX"),
        ])]),
        .object(["locations": .object(["table": .array([]), "default": .null, "extra": .null])]),
        .object(["locations": .object(["table": .array([]), "default": .null])]),
        .object(["amount": .string("500"), "other": .string("1")]),
        .object([:]),
        .string("500"),
        .object(["a": .number(-3), "b": .string("Ålesund")]),
        .object(["a": .number(3), "b": .string("Ålesund")]),
        .object(["amount": .string("say \"hi\"")]),
    ]

    static func record(_ attributes: [String: JSONValue], fingerprints: [String: String] = [:]) -> StateRecord {
        StateRecord(address: "workflow.w", kind: "workflow", provider: "canvas", id: "0d637846-75c1-4f0e-8170-ff0cb724afc2", attributes: attributes,
                    fingerprints: fingerprints, appliedAt: "2026-11-27T00:00:00Z")
    }

    /// The record as a plan holds it in each way it can: built in memory, and read from a state
    /// file (`variables` and `chain` kept as their text), indented as the file writes it and compact
    /// as the journal does.
    static func records(_ attributes: [String: JSONValue], fingerprints: [String: String] = [:]) -> [StateRecord] {
        // As a state file's reader keeps them: objects and arrays as their text.
        func isContainer(_ value: JSONValue) -> Bool {
            switch value {
            case .object, .array: true
            default: false
            }
        }
        let kept = attributes.filter { isContainer($0.value) }
        let parsed = attributes.filter { !isContainer($0.value) }
        func read(_ text: (JSONValue) -> String) -> StateRecord {
            StateRecord(
                address: "workflow.w", kind: "workflow", provider: "canvas", scope: nil, id: "0d637846-75c1-4f0e-8170-ff0cb724afc2", parsed: parsed,
                unparsed: kept.mapValues { Array(text($0).utf8) }, fingerprints: fingerprints, appliedAt: "2026-11-27T00:00:00Z"
            )
        }
        return [
            record(attributes, fingerprints: fingerprints),
            read { value in
                var text = ""
                value.writePretty(to: &text, indent: 3)
                return text
            },
            read(\.jsonText),
        ]
    }

    static func spec(
        name: String = "W", description: String? = "D", template: String = "Demo workflow", protect: Bool = false,
        variables: OrderedDictionary<String, Sourced<VariableValue>> = [:],
        chain: OrderedDictionary<String, OrderedDictionary<String, Sourced<ChainVariable>>> = [:]
    ) -> WorkflowSpec {
        WorkflowSpec(
            key: "w", location: mark, account: nil, name: Sourced(name, at: mark), description: description.map { Sourced($0, at: mark) },
            template: Sourced(template, at: mark), variables: variables, chain: chain, protect: protect
        )
    }

    static let readable = AppliedDigest.Readable(name: "W", description: "D", template: "Demo workflow", slots: ["QUIN": "application.q"])

    static func digest(
        _ spec: WorkflowSpec = spec(), template: String = "Demo workflow", slots: [String: String] = ["QUIN": "q"],
        readable: AppliedDigest.Readable = readable, encoding: AttributeEncoding = encoding
    ) -> String {
        AppliedDigest.of(spec, template: template, slots: slots, readable: readable, fingerprinter: encoding.fingerprinter)
    }

    static func chain(_ source: Int?, _ name: String?, _ value: VariableValue?, sensitive: Bool = false)
        -> OrderedDictionary<String, OrderedDictionary<String, Sourced<ChainVariable>>> {
        ["Get Employees": ["amountToObtain": Sourced(ChainVariable(variableSource: source, variableName: name, value: value), at: mark, isSensitive: sensitive)]]
    }

    @Test("every input of the manifest and every field Canvas returns changes the digest; the same ones give the same digest")
    func everyInputCounts() {
        var readable = Self.readable
        var variants: [String: String] = ["as applied": Self.digest()]
        variants["name"] = Self.digest(Self.spec(name: "W2"))
        variants["no description"] = Self.digest(Self.spec(description: nil))
        variants["empty description"] = Self.digest(Self.spec(description: ""))
        variants["template"] = Self.digest(template: "Quinyx Employee Export")
        variants["slot"] = Self.digest(slots: ["QUIN": "q2"])
        variants["another slot"] = Self.digest(slots: ["QUIN": "q", "FTP": "f"])
        variants["protect"] = Self.digest(Self.spec(protect: true))
        variants["chain"] = Self.digest(Self.spec(chain: Self.chain(2, "amountToObtainWfQ", nil)))
        variants["chain value"] = Self.digest(Self.spec(chain: Self.chain(2, "amountToObtainWfQ", .scalar(.int(1)))))
        variants["chain source"] = Self.digest(Self.spec(chain: Self.chain(3, "amountToObtainWfQ", nil)))
        for (index, variables) in Self.manifests.enumerated() {
            variants["variables \(index)"] = Self.digest(Self.spec(variables: variables))
        }
        readable.name = "W2"
        variants["live name"] = Self.digest(readable: readable)
        readable = Self.readable
        readable.description = nil
        variants["live description unmanaged"] = Self.digest(readable: readable)
        readable = Self.readable
        readable.template = "Other"
        variants["live template"] = Self.digest(readable: readable)
        readable = Self.readable
        readable.slots = ["QUIN": "0d637846-75c1-4f0e-8170-ff0cb724afc2"]
        variants["live slot"] = Self.digest(readable: readable)
        // 500 and 500.0 are one number, and a float JSON cannot hold is sent as null: each of those
        // pairs is one digest, every other variant another.
        let expected = variants.count - 2
        #expect(Set(variants.values).count == expected, "\(variants.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.suffix(8))" })")
        #expect(Self.digest() == variants["as applied"], "the same inputs give the same digest")
    }

    @Test("the digest is keyed: it shows no secret among the inputs, and another fingerprint key gives another")
    func keyed() {
        var secret = Self.variables([("token", .scalar(.string("s3cr3t-value-1")))])
        secret["token"]?.isSensitive = true
        let digest = Self.digest(Self.spec(name: "s3cr3t-name", variables: secret))
        #expect(Fingerprinter.isFingerprint(digest))
        #expect(!digest.contains("s3cr3t"))
        let rekeyed = Self.digest(Self.spec(name: "s3cr3t-name", variables: secret), encoding: AttributeEncoding(fingerprinter: Fingerprinter(secret: "another")))
        #expect(rekeyed != digest)
    }
}
