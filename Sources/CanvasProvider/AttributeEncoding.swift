import JSONSupport
import Manifest
import OrderedCollections
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
