@testable import CanvasProvider
import JSONSupport
import Manifest
import OrderedCollections
import Reconciler
import StateStore
import Testing
import YAML

/// The planner leaves a workflow's variables and chain out of both sides of its diff when the
/// state recorded them as the manifest has them (``AttributeEncoding/isRecorded(_:in:)``): a wrong
/// "recorded" would hide a change from the plan, so each answer is held to what describing both
/// sides and comparing them gives.
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
    ]

    static func record(_ attributes: [String: JSONValue], fingerprints: [String: String] = [:]) -> StateRecord {
        StateRecord(address: "workflow.w", kind: "workflow", id: "0d637846-75c1-4f0e-8170-ff0cb724afc2", attributes: attributes,
                    fingerprints: fingerprints, appliedAt: "2026-11-27T00:00:00Z")
    }

    @Test("workflow variables count as recorded exactly when describing both sides makes them equal")
    func variablesAsDescribed() {
        var same = 0
        for variables in Self.manifests {
            let described = AttributeValue.map(Dictionary(uniqueKeysWithValues: variables.map { ($0.key, Self.encoding.variable($0.value.value)) }))
            for value in Self.recorded {
                let expected = AttributeEncoding.attribute(value) == described
                #expect(AttributeEncoding.isRecorded(variables, in: Self.record(["variables": value])) == expected, "\(variables) against \(value)")
                if expected { same += 1 }
            }
        }
        // One recorded value for each manifest above but the list in another order.
        #expect(same == 9)
    }

    @Test("a sensitive variable, a fingerprint beside the values, or nothing recorded is never recorded as the manifest's")
    func neverRecorded() {
        var secret = Self.variables([("amount", .scalar(.string("500")))])
        let plain = secret
        secret["amount"]?.isSensitive = true
        let value: JSONValue = .object(["amount": .string("500")])
        #expect(AttributeEncoding.isRecorded(plain, in: Self.record(["variables": value])))
        #expect(!AttributeEncoding.isRecorded(secret, in: Self.record(["variables": value])))
        #expect(!AttributeEncoding.isRecorded(plain, in: Self.record(["variables": value], fingerprints: ["variables.token": "hmac-sha256:00"])))
        #expect(!AttributeEncoding.isRecorded(plain, in: Self.record([:])))
        #expect(!AttributeEncoding.isRecorded(Self.variables([]), in: Self.record(["variables": .object([:])])))
    }

    static func chain(_ source: Int?, _ name: String?, _ value: VariableValue?, sensitive: Bool = false)
        -> OrderedDictionary<String, OrderedDictionary<String, Sourced<ChainVariable>>> {
        ["Get Employees": ["amountToObtain": Sourced(ChainVariable(variableSource: source, variableName: name, value: value), at: mark, isSensitive: sensitive)]]
    }

    @Test("chain settings count as recorded exactly when describing both sides makes them equal")
    func chainAsDescribed() {
        let chains = [
            Self.chain(2, "amountToObtainWfQ", nil), Self.chain(3, "amountToObtainWfQ", nil), Self.chain(2, nil, nil),
            Self.chain(1, nil, .scalar(.string("25"))), Self.chain(1, nil, .list([.int(1), .int(2)])),
        ]
        let values: [JSONValue] = [
            .object(["variableSource": .number(2), "variableName": .string("amountToObtainWfQ")]),
            .object(["variableSource": .number(2)]),
            .object(["variableSource": .number(2), "variableName": .null]),
            .object(["variableSource": .number(1), "value": .string("25")]),
            .object(["variableSource": .number(1), "value": .array([.number(1), .number(2)])]),
            .object(["variableSource": .number(1), "value": .number(25)]),
        ]
        var same = 0
        for chain in chains {
            let described = AttributeValue.map(chain.reduce(into: [:]) { blocks, block in
                blocks[block.key] = .map(block.value.reduce(into: [:]) { $0[$1.key] = Self.encoding.chainVariable($1.value.value) })
            })
            for value in values {
                let recorded: JSONValue = .object(["Get Employees": .object(["amountToObtain": value])])
                let expected = AttributeEncoding.attribute(recorded) == described
                #expect(AttributeEncoding.isRecorded(chain, in: Self.record(["chain": recorded])) == expected, "\(chain) against \(value)")
                if expected { same += 1 }
            }
        }
        #expect(same == 4)
        let recorded: JSONValue = .object(["Get Employees": .object(["amountToObtain": values[0]])])
        #expect(!AttributeEncoding.isRecorded(Self.chain(2, "amountToObtainWfQ", nil, sensitive: true), in: Self.record(["chain": recorded])))
        #expect(!AttributeEncoding.isRecorded(chains[0], in: Self.record(["chain": recorded], fingerprints: ["chain.Other.x": "hmac-sha256:00"])))
        #expect(!AttributeEncoding.isRecorded(chains[0], in: Self.record(["chain": .object(["Other": .object([:])])])))
    }
}
