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

    /// `isRecorded` answers the same for every way the record can be held; that answer.
    static func isRecorded(_ variables: OrderedDictionary<String, Sourced<VariableValue>>, _ attributes: [String: JSONValue],
                           fingerprints: [String: String] = [:]) -> Bool {
        let answers = records(attributes, fingerprints: fingerprints).map { AttributeEncoding.isRecorded(variables, in: $0) }
        #expect(Set(answers).count == 1, "\(variables) against \(attributes): \(answers)")
        return answers[0]
    }

    static func isRecorded(_ chain: OrderedDictionary<String, OrderedDictionary<String, Sourced<ChainVariable>>>,
                           _ attributes: [String: JSONValue], fingerprints: [String: String] = [:]) -> Bool {
        let answers = records(attributes, fingerprints: fingerprints).map { AttributeEncoding.isRecorded(chain, in: $0) }
        #expect(Set(answers).count == 1, "\(chain) against \(attributes): \(answers)")
        return answers[0]
    }

    @Test("workflow variables count as recorded exactly when describing both sides makes them equal")
    func variablesAsDescribed() {
        var same = 0
        for variables in Self.manifests {
            let described = AttributeValue.map(Dictionary(uniqueKeysWithValues: variables.map { ($0.key, Self.encoding.variable($0.value.value)) }))
            for value in Self.recorded {
                let expected = AttributeEncoding.attribute(value) == described
                #expect(Self.isRecorded(variables, ["variables": value]) == expected, "\(variables) against \(value)")
                if expected { same += 1 }
            }
        }
        // One recorded value for each manifest above but the list in another order and the float
        // JSON cannot hold (recorded as null, which is not the same value).
        #expect(same == 12)
    }

    @Test("a sensitive variable, a fingerprint beside the values, or nothing recorded is never recorded as the manifest's")
    func neverRecorded() {
        var secret = Self.variables([("amount", .scalar(.string("500")))])
        let plain = secret
        secret["amount"]?.isSensitive = true
        let value: JSONValue = .object(["amount": .string("500")])
        #expect(Self.isRecorded(plain, ["variables": value]))
        #expect(!Self.isRecorded(secret, ["variables": value]))
        #expect(!Self.isRecorded(plain, ["variables": value], fingerprints: ["variables.token": "hmac-sha256:00"]))
        #expect(!Self.isRecorded(plain, [:]))
        #expect(!Self.isRecorded(Self.variables([]), ["variables": .object([:])]))
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
                #expect(Self.isRecorded(chain, ["chain": recorded]) == expected, "\(chain) against \(value)")
                if expected { same += 1 }
            }
        }
        #expect(same == 4)
        let recorded: JSONValue = .object(["Get Employees": .object(["amountToObtain": values[0]])])
        #expect(!Self.isRecorded(Self.chain(2, "amountToObtainWfQ", nil, sensitive: true), ["chain": recorded]))
        #expect(!Self.isRecorded(chains[0], ["chain": recorded], fingerprints: ["chain.Other.x": "hmac-sha256:00"]))
        #expect(!Self.isRecorded(chains[0], ["chain": .object(["Other": .object([:])])]))
    }
}

extension AttributeEncodingTests {
    @Test("the text a state file holds for variables and chain as apply writes them is told without parsing, indented or compact")
    func toldByText() {
        for variables in Self.manifests {
            let recorded = JSONValue.object(Dictionary(uniqueKeysWithValues: variables.map {
                ($0.key, AttributeEncoding.json(Self.encoding.variable($0.value.value)))
            }))
            var pretty = ""
            recorded.writePretty(to: &pretty, indent: 3)
            // Text with an escape, and numbers written with a fraction or not at all, are left to
            // the parse.
            let byText = !variables.values.contains {
                if case .scalar(.float(let number)) = $0.value, number.rounded() != number || !number.isFinite { return true }
                return $0.value == .scalar(.string("say \"hi\""))
            }
            for text in [pretty, recorded.jsonText] {
                let matcher = RecordedText(Array(text.utf8))
                let matched = matcher.matches(variables)
                #expect(matched == byText, "\(text)")
            }
            // One character changed is another value.
            let other = RecordedText(Array(pretty.replacingOccurrences(of: "\"amount\"", with: "\"amounT\"").utf8))
            if pretty.contains("\"amount\"") {
                let matched = other.matches(variables)
                #expect(!matched)
            }
        }
        let chain = Self.chain(2, "amountToObtainWfQ", .lookupTable(Self.table))
        let recorded = JSONValue.object(["Get Employees": .object([
            "amountToObtain": AttributeEncoding.json(Self.encoding.chainVariable(chain["Get Employees"]!["amountToObtain"]!.value)),
        ])])
        var pretty = ""
        recorded.writePretty(to: &pretty, indent: 3)
        for text in [pretty, recorded.jsonText] {
            let matcher = RecordedText(Array(text.utf8))
            let matched = matcher.matches(chain)
            #expect(matched, "\(text)")
        }
        let other = RecordedText(Array(pretty.replacingOccurrences(of: ": 2", with: ": 3").utf8))
        let matched = other.matches(chain)
        #expect(!matched)
    }
}
