/// A `DecodingError` said in a few words a person can act on: which key, what was expected.
enum DecodingProblem {
    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context):
            if context.codingPath.isEmpty { return "it is not valid JSON" }
            return "`\(path(context.codingPath))`: \(context.debugDescription)"
        case DecodingError.keyNotFound(let key, let context):
            return "`\(path(context.codingPath + [key]))` is missing"
        case DecodingError.typeMismatch(let type, let context), DecodingError.valueNotFound(let type, let context):
            let what = context.codingPath.isEmpty ? "the whole file" : "`\(path(context.codingPath))`"
            return "\(what) is not \(name(of: type))"
        default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    private static func name(of type: Any.Type) -> String {
        let name = String(describing: type)
        if name.hasPrefix("Dictionary") { return "an object" }
        if name.hasPrefix("Array") { return "a list" }
        switch name {
        case "String": return "a string"
        case "Int", "Int32", "Int64": return "an integer"
        case "Double", "Float": return "a number"
        case "Bool": return "true or false"
        default: return "a \(name)"
        }
    }
}
