public import YAML

/// The value of a workflow variable or a chain block variable: a scalar, a list of scalars, or a
/// lookup table (the template type LOOKUP_TABLE).
public enum VariableValue: Sendable, Hashable {
    case scalar(ScalarValue)
    case list([ScalarValue])
    case lookupTable(LookupTable)
}

/// A LOOKUP_TABLE value: rows mapping a source to a target, and the target for unmatched sources.
public struct LookupTable: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        public var source: ScalarValue
        public var target: ScalarValue

        public init(source: ScalarValue, target: ScalarValue) {
            self.source = source
            self.target = target
        }
    }

    public var rows: [Row]
    public var defaultValue: ScalarValue

    public init(rows: [Row], defaultValue: ScalarValue) {
        self.rows = rows
        self.defaultValue = defaultValue
    }
}

/// A per-block setting in a workflow's chain, as `AddWorkflowApiDto.chain[].variables` holds it:
/// where the block variable takes its value from.
public struct ChainVariable: Sendable, Hashable {
    public var variableSource: Int?
    public var variableName: String?
    public var value: VariableValue?

    public init(variableSource: Int?, variableName: String?, value: VariableValue?) {
        self.variableSource = variableSource
        self.variableName = variableName
        self.value = value
    }
}
