import Manifest
import OrderedCollections
import YAML

/// Tells whether the JSON text a state file holds for a workflow's `variables` or `chain` is what
/// `apply` writes for the manifest's values (``StateRecordBuilder``: keys sorted, indented or
/// compact), by reading the text alongside the values: nothing is parsed, and nothing is built.
///
/// It answers true only when the text is exactly that; anything it does not expect (another
/// order, an escape in a string, a fraction, a sensitive value) answers false, and the caller
/// parses the text and compares values instead. A true answer therefore means the recorded value
/// equals the manifest's (`AttributeEncodingTests` hold the two ways to the same answers).
struct RecordedText {
    private let bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Whether the text is the record of `variables`, none of them sensitive.
    func matches(_ variables: OrderedDictionary<String, Sourced<VariableValue>>) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = Scanner(bytes: buffer)
            return scanner.matches(variables)
        }
    }

    /// Whether the text is the record of `chain`, none of its settings sensitive.
    func matches(_ chain: OrderedDictionary<String, OrderedDictionary<String, Sourced<ChainVariable>>>) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = Scanner(bytes: buffer)
            return scanner.matches(chain)
        }
    }

    /// The keys in the order the writer sorts them; most tables come sorted already, and are not
    /// copied to be sorted again.
    fileprivate static func sorted(_ keys: OrderedSet<String>) -> [String] {
        var previous: String?
        for key in keys {
            if let previous, !(previous < key) { return keys.sorted() }
            previous = key
        }
        return keys.elements
    }
}

/// Reads the text alongside the values (the text is read in place, through its buffer: a
/// workflow's variables and chain are matched for every workflow of every plan).
private struct Scanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func matches(_ variables: OrderedDictionary<String, Sourced<VariableValue>>) -> Bool {
        guard take("{") else { return false }
        for (index, name) in RecordedText.sorted(variables.keys).enumerated() {
            guard let variable = variables[name], !variable.isSensitive,
                  index == 0 || take(","), string(name), take(":"), value(variable.value) else { return false }
        }
        return take("}") && atEnd()
    }

    mutating func matches(_ chain: OrderedDictionary<String, OrderedDictionary<String, Sourced<ChainVariable>>>) -> Bool {
        guard take("{") else { return false }
        for (index, block) in RecordedText.sorted(chain.keys).enumerated() {
            guard let settings = chain[block], !settings.isEmpty, index == 0 || take(","), string(block), take(":"), take("{") else {
                return false
            }
            for (position, name) in RecordedText.sorted(settings.keys).enumerated() {
                guard let setting = settings[name], !setting.isSensitive,
                      position == 0 || take(","), string(name), take(":"), chainVariable(setting.value) else { return false }
            }
            guard take("}") else { return false }
        }
        return take("}") && atEnd()
    }

    // Members in the order the writer sorts them: value, variableName, variableSource.
    private mutating func chainVariable(_ variable: ChainVariable) -> Bool {
        guard take("{") else { return false }
        var first = true
        func separator(_ matcher: inout Scanner) -> Bool {
            defer { first = false }
            return first || matcher.take(",")
        }
        if let inner = variable.value {
            guard separator(&self), string("value"), take(":"), value(inner) else { return false }
        }
        if let name = variable.variableName {
            guard separator(&self), string("variableName"), take(":"), string(name) else { return false }
        }
        if let source = variable.variableSource {
            guard separator(&self), string("variableSource"), take(":"), integer(source) else { return false }
        }
        return take("}")
    }

    private mutating func value(_ value: VariableValue) -> Bool {
        switch value {
        case .scalar(let scalar):
            return self.scalar(scalar)
        case .list(let items):
            guard take("[") else { return false }
            for (index, item) in items.enumerated() {
                guard index == 0 || take(","), scalar(item) else { return false }
            }
            return take("]")
        case .lookupTable(let table):
            // Members sorted: default, table; cells sorted: source, target.
            guard take("{"), string("default"), take(":"), scalar(table.defaultValue), take(","), string("table"), take(":"), take("[")
            else { return false }
            for (index, row) in table.rows.enumerated() {
                guard index == 0 || take(","), take("{"), string("source"), take(":"), scalar(row.source), take(","),
                      string("target"), take(":"), scalar(row.target), take("}") else { return false }
            }
            return take("]") && take("}")
        }
    }

    private mutating func scalar(_ value: ScalarValue) -> Bool {
        switch value {
        case .null: return word("null")
        case .bool(let flag): return word(flag ? "true" : "false")
        case .int(let number): return integer(number)
        // Only whole numbers are written as digits alone: anything else is left to the caller.
        case .float(let number): return number.isFinite && number.rounded() == number && number.magnitude < 1e15 && integer(Int(number))
        case .string(let text): return string(text)
        }
    }

    // MARK: Tokens (white space between them is skipped, as JSON allows)

    private mutating func skipSpace() {
        while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x0A || bytes[position] == 0x0D || bytes[position] == 0x09 {
            position += 1
        }
    }

    private mutating func take(_ character: Unicode.Scalar) -> Bool {
        skipSpace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: character) else { return false }
        position += 1
        return true
    }

    private mutating func atEnd() -> Bool {
        skipSpace()
        return position == bytes.count
    }

    private mutating func word(_ text: StaticString) -> Bool {
        skipSpace()
        let count = text.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        for index in 0..<count where bytes[position + index] != text.utf8Start[index] { return false }
        position += count
        return true
    }

    /// `"text"` with no escape in it: text that needs one is left to the caller.
    private mutating func string(_ text: String) -> Bool {
        guard take("\"") else { return false }
        var text = text
        let count = text.utf8.count
        guard position + count < bytes.count else { return false }
        let matched = text.withUTF8 { utf8 -> Bool in
            for offset in 0..<count {
                let byte = utf8[offset]
                guard byte >= 0x20, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\"), bytes[position + offset] == byte else { return false }
            }
            return true
        }
        guard matched else { return false }
        position += count
        guard bytes[position] == UInt8(ascii: "\"") else { return false }
        position += 1
        return true
    }

    /// An integer as the writer writes a whole number: its digits, with a minus sign when negative.
    private mutating func integer(_ number: Int) -> Bool {
        guard number.magnitude < 1 << 53 else { return false }
        skipSpace()
        if number < 0 {
            guard position < bytes.count, bytes[position] == UInt8(ascii: "-") else { return false }
            position += 1
        }
        var digits: [UInt8] = []
        var rest = number.magnitude
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        guard position + digits.count <= bytes.count else { return false }
        for (offset, digit) in digits.reversed().enumerated() where bytes[position + offset] != digit { return false }
        position += digits.count
        // The number ends here: no further digit, fraction or exponent.
        if position < bytes.count, (0x30...0x39).contains(bytes[position]) || bytes[position] == UInt8(ascii: ".")
            || bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") { return false }
        return true
    }
}
