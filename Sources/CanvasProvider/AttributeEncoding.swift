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
    // MARK: What the state recorded, compared with the manifest as it is

    // The variables and chain of a workflow are its costliest attributes to describe (maps of maps
    // and lists), and at 10,000 workflows almost all are as last applied. These answer whether the
    // state recorded them exactly as ``variable(_:)`` and ``chainVariable(_:)`` would describe the
    // manifest's values, without describing them; a sensitive value never is (the state keeps a
    // fingerprint of it instead). `AttributeEncodingTests` holds them to that.

    /// Whether `record` holds the workflow variables `variables`, and no fingerprint of one.
    static func isRecorded(_ variables: OrderedDictionary<String, Sourced<VariableValue>>, in record: StateRecord) -> Bool {
        guard !variables.isEmpty, !record.fingerprints.keys.contains(where: { $0.hasPrefix("variables.") }) else { return false }
        // As the state file has them, told by their text (as `apply` records them, compact) without
        // parsing them; any other text (written by hand, or changed) is parsed and compared below.
        if let text = record.attributeText("variables") {
            let matcher = RecordedText(text)
            if matcher.matches(variables) { return true }
        }
        guard case .object(let fields)? = record.attribute("variables"), fields.count == variables.count else { return false }
        for (name, value) in variables {
            guard !value.isSensitive, let field = fields[name], isSame(field, as: value.value) else { return false }
        }
        return true
    }

    /// Whether `record` holds the chain settings `chain`, and no fingerprint of one.
    static func isRecorded(
        _ chain: OrderedDictionary<String, OrderedDictionary<String, Sourced<ChainVariable>>>, in record: StateRecord
    ) -> Bool {
        guard !chain.isEmpty, !record.fingerprints.keys.contains(where: { $0.hasPrefix("chain.") }) else { return false }
        if let text = record.attributeText("chain") {
            let matcher = RecordedText(text)
            if matcher.matches(chain) { return true }
        }
        guard case .object(let blocks)? = record.attribute("chain"), blocks.count == chain.count else { return false }
        for (block, settings) in chain {
            guard case .object(let fields)? = blocks[block], fields.count == settings.count else { return false }
            for (name, setting) in settings {
                guard !setting.isSensitive, case .object(let members)? = fields[name] else { return false }
                let variable = setting.value
                let expected = (variable.variableSource == nil ? 0 : 1) + (variable.variableName == nil ? 0 : 1) + (variable.value == nil ? 0 : 1)
                guard members.count == expected else { return false }
                // As many members as the setting has fields, each one of them: told by name
                // without hashing (these tables have one to three members).
                for (member, value) in members {
                    switch member {
                    case "variableSource":
                        guard let source = variable.variableSource, value == .number(Double(source)) else { return false }
                    case "variableName":
                        guard let name = variable.variableName, value == .string(name) else { return false }
                    case "value":
                        guard let inner = variable.value, isSame(value, as: inner) else { return false }
                    default:
                        return false
                    }
                }
            }
        }
        return true
    }

    static func isSame(_ recorded: StateValue, as value: VariableValue) -> Bool {
        switch value {
        case .scalar(let scalar):
            return isSame(recorded, as: scalar)
        case .list(let items):
            guard case .array(let values) = recorded, values.count == items.count else { return false }
            return zip(values, items).allSatisfy { isSame($0, as: $1) }
        case .lookupTable(let table):
            // Two members, `table` and `default`, and two cells a row, `source` and `target`: told
            // by name without hashing.
            guard case .object(let fields) = recorded, fields.count == 2 else { return false }
            for (name, value) in fields {
                switch name {
                case "default":
                    guard isSame(value, as: table.defaultValue) else { return false }
                case "table":
                    guard case .array(let rows) = value, rows.count == table.rows.count else { return false }
                    for (recordedRow, row) in zip(rows, table.rows) {
                        guard case .object(let cells) = recordedRow, cells.count == 2 else { return false }
                        for (cell, value) in cells {
                            switch cell {
                            case "source": guard isSame(value, as: row.source) else { return false }
                            case "target": guard isSame(value, as: row.target) else { return false }
                            default: return false
                            }
                        }
                    }
                default:
                    return false
                }
            }
            return true
        }
    }

    static func isSame(_ recorded: StateValue, as value: ScalarValue) -> Bool {
        switch (recorded, value) {
        case (.null, .null): true
        case (.bool(let recorded), .bool(let flag)): recorded == flag
        case (.number(let recorded), .int(let number)): recorded == Double(number)
        case (.number(let recorded), .float(let number)): recorded == number
        case (.string(let recorded), .string(let text)): recorded == text
        default: false
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
