public import JSONSupport

extension JSONValue {
    /// Whether every number is finite: the text written for an infinity is `null`, so only such
    /// a value reads back as itself (what the JSON and state targets check).
    public var isFinite: Bool {
        switch self {
        case .number(let number): number.isFinite
        case .array(let items): items.allSatisfy(\.isFinite)
        case .object(let members): members.values.allSatisfy(\.isFinite)
        case .null, .bool, .string: true
        }
    }
}
