import JSONSupport
import Manifest
import Reconciler
import StateStore
import YAML

/// Turns manifest values and recorded state values into the reconciler's ``AttributeValue``s, with
/// every secret replaced by its keyed fingerprint.
struct AttributeEncoding {
    let fingerprinter: Fingerprinter

    func scalar(_ value: ScalarValue) -> AttributeValue {
        switch value {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .int(let number): .number(Double(number))
        case .float(let number): .number(number)
        case .string(let text): .string(text)
        }
    }

    func variable(_ value: VariableValue) -> AttributeValue {
        switch value {
        case .scalar(let scalar): return self.scalar(scalar)
        case .list(let items): return .list(items.map(scalar))
        case .lookupTable(let table):
            return .map([
                "table": .list(table.rows.map { .map(["source": scalar($0.source), "target": scalar($0.target)]) }),
                "default": scalar(table.defaultValue),
            ])
        }
    }

    func chainVariable(_ value: ChainVariable) -> AttributeValue {
        var fields: [String: AttributeValue] = [:]
        if let source = value.variableSource { fields["variableSource"] = .number(Double(source)) }
        if let name = value.variableName { fields["variableName"] = .string(name) }
        if let inner = value.value { fields["value"] = variable(inner) }
        return .map(fields)
    }

    /// A value as shown and compared: itself, or its fingerprint when it is a secret.
    func sourced(_ value: AttributeValue, isSensitive: Bool) -> AttributeValue {
        isSensitive ? .sensitive(fingerprint: fingerprinter.fingerprint(Self.json(value).jsonText)) : value
    }

    func string(_ value: Sourced<String>) -> AttributeValue {
        sourced(.string(value.value), isSensitive: value.isSensitive)
    }

    /// A recorded (non-secret) value back as an attribute.
    static func attribute(_ value: StateValue) -> AttributeValue {
        switch value {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .number(let number): .number(number)
        case .string(let text): .string(text)
        case .array(let items): .list(items.map(attribute))
        case .object(let fields): .map(fields.mapValues(attribute))
        }
    }

    /// An attribute as JSON, for fingerprints and for the state.
    /// Whether the recorded `value` is `attribute` (what ``attribute(_:)`` would make of it equals
    /// it), found without making anything. A fingerprint is never the same as a recorded value.
    static func isSame(_ value: StateValue, as attribute: AttributeValue) -> Bool {
        switch (value, attribute) {
        case (.null, .null): return true
        case (.bool(let recorded), .bool(let wanted)): return recorded == wanted
        case (.number(let recorded), .number(let wanted)): return recorded == wanted
        case (.string(let recorded), .string(let wanted)): return recorded == wanted
        case (.array(let recorded), .list(let wanted)):
            return recorded.count == wanted.count && zip(recorded, wanted).allSatisfy { isSame($0, as: $1) }
        case (.object(let recorded), .map(let wanted)):
            guard recorded.count == wanted.count else { return false }
            for (key, item) in recorded {
                guard let other = wanted[key], isSame(item, as: other) else { return false }
            }
            return true
        default: return false
        }
    }

    static func json(_ value: AttributeValue) -> JSONValue {
        switch value {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .number(let number): .number(number)
        case .string(let text): .string(text)
        case .list(let items): .array(items.map(json))
        case .map(let fields): .object(fields.mapValues(json))
        case .sensitive(let fingerprint): .object(["fingerprint": .string(fingerprint)])
        }
    }
}
