@testable import CanvasProvider
import Foundation
import JSONSupport
import Manifest
import OrderedCollections
import Reconciler
@testable import StateStore
import Testing
import YAML

/// The planner leaves a workflow's variables and chain out of both sides of its diff when the
/// digest the state recorded for them is the manifest's (``WriteOnlyInputs``): a wrong "equal"
/// would hide a change from the plan, so the digest is held to what describing both sides and
/// comparing them gives.
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
        variables: OrderedDictionary<String, Sourced<VariableValue>> = [:],
        chain: OrderedDictionary<String, OrderedDictionary<String, Sourced<ChainVariable>>> = [:]
    ) -> WorkflowSpec {
        WorkflowSpec(
            key: "w", location: mark, account: nil, name: Sourced("W", at: mark), template: Sourced("Demo workflow", at: mark),
            variables: variables, chain: chain
        )
    }

    /// The JSON Canvas is sent for the inputs: what a digest must tell apart.
    static func sent(_ value: AttributeValue?) -> String? {
        value.map { AttributeEncoding.json($0).jsonText }
    }

    @Test("two manifests' variables have one digest exactly when they are sent as the same JSON")
    func variablesAsDescribed() {
        var same = 0
        for first in Self.manifests {
            let one = WriteOnlyInputs(Self.spec(variables: first), encoding: Self.encoding)
            for second in Self.manifests {
                let other = WriteOnlyInputs(Self.spec(variables: second), encoding: Self.encoding)
                #expect((one.digest == other.digest) == (Self.sent(one.variables) == Self.sent(other.variables)), "\(first) against \(second)")
                // Values a plan shows as equal are never told apart.
                if one.variables == other.variables { #expect(one.digest == other.digest) }
                if one.digest == other.digest { same += 1 }
            }
        }
        // Each manifest with itself; the int and the float of one value (500 is 500.0); null and
        // the float JSON cannot hold, which is sent as null.
        #expect(same == Self.manifests.count + 2 + 2)
    }

    @Test("a secret changes the digest as its value does, the digest never holds it, and another fingerprint key gives another digest")
    func secrets() {
        var secret = Self.variables([("token", .scalar(.string("s3cr3t-value-1")))])
        secret["token"]?.isSensitive = true
        var other = secret
        other["token"] = Sourced(.scalar(.string("s3cr3t-value-2")), at: Self.mark, isSensitive: true)
        let one = WriteOnlyInputs(Self.spec(variables: secret), encoding: Self.encoding)
        let two = WriteOnlyInputs(Self.spec(variables: other), encoding: Self.encoding)
        #expect(one.digest != two.digest)
        #expect(Fingerprinter.isFingerprint(one.digest))
        #expect(!one.digest.contains("s3cr3t") && !"\(one.variables!)".contains("s3cr3t"))
        let rekeyed = WriteOnlyInputs(Self.spec(variables: secret), encoding: AttributeEncoding(fingerprinter: Fingerprinter(secret: "another")))
        #expect(rekeyed.digest != one.digest)
        #expect(WriteOnlyInputs(Self.spec(), encoding: Self.encoding).variables == nil)
    }

    static func chain(_ source: Int?, _ name: String?, _ value: VariableValue?, sensitive: Bool = false)
        -> OrderedDictionary<String, OrderedDictionary<String, Sourced<ChainVariable>>> {
        ["Get Employees": ["amountToObtain": Sourced(ChainVariable(variableSource: source, variableName: name, value: value), at: mark, isSensitive: sensitive)]]
    }

    @Test("chain settings have one digest exactly when describing them gives equal values, and never the variables' digest")
    func chainAsDescribed() {
        let chains = [
            Self.chain(2, "amountToObtainWfQ", nil), Self.chain(3, "amountToObtainWfQ", nil), Self.chain(2, nil, nil),
            Self.chain(1, nil, .scalar(.string("25"))), Self.chain(1, nil, .list([.int(1), .int(2)])),
            Self.chain(1, nil, .scalar(.int(25))), Self.chain(2, "amountToObtainWfQ", .lookupTable(Self.table)),
        ]
        for first in chains {
            let one = WriteOnlyInputs(Self.spec(chain: first), encoding: Self.encoding)
            for second in chains {
                let other = WriteOnlyInputs(Self.spec(chain: second), encoding: Self.encoding)
                #expect((one.digest == other.digest) == (Self.sent(one.chain) == Self.sent(other.chain)), "\(first) against \(second)")
            }
        }
        // The same values as variables and as chain settings are different inputs.
        let asVariables = WriteOnlyInputs(Self.spec(variables: Self.variables([("Get Employees", .scalar(.string("25")))])), encoding: Self.encoding)
        let asChain = WriteOnlyInputs(Self.spec(chain: chains[3]), encoding: Self.encoding)
        #expect(asVariables.digest != asChain.digest)
    }
}
