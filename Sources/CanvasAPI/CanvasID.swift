/// A Canvas id: a GUID, kept lower-cased so that ids compare equal whatever case a response or a
/// manifest used.
///
/// Decoding is tolerant, as the API is: a JSON string (`"3fa8…"`) or, for a create call's body, the
/// bare GUID text; see ``init(responseBody:)``.
public struct CanvasID: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    public let rawValue: String
    /// The GUID's 128 bits, which equality, hashing and order use: ids are looked up by the
    /// hundred thousand in a plan, and two integers compare faster than 36 characters. (The text
    /// is their lower-case spelling, so the two agree; hex digits in lower case sort as their
    /// values do.)
    private let high: UInt64
    private let low: UInt64

    /// Nil unless `text` is exactly a GUID (8-4-4-4-12 hexadecimal digits, any case).
    public init?(_ text: String) {
        var hasUpperCase = false
        guard let (high, low) = Self.bits(text.utf8, hasUpperCase: &hasUpperCase) else { return nil }
        // Most ids come lower-cased already (every answer of the API, every state record): they
        // are kept as they are, without a new string each.
        rawValue = hasUpperCase ? text.lowercased() : text
        self.high = high
        self.low = low
    }

    public static func == (lhs: CanvasID, rhs: CanvasID) -> Bool {
        lhs.high == rhs.high && lhs.low == rhs.low
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(high)
        hasher.combine(low)
    }

    /// The id in a create call's response body, which the document does not show: a JSON string,
    /// or the GUID as plain text, perhaps in braces, with white space around.
    public init?(responseBody: String) {
        var trimmed = Substring(responseBody)
        let wrapping: Set<Character> = ["\"", "{", "}", " ", "\t", "\n", "\r", "\r\n"]
        while let first = trimmed.first, wrapping.contains(first) { trimmed.removeFirst() }
        while let last = trimmed.last, wrapping.contains(last) { trimmed.removeLast() }
        self.init(String(trimmed))
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = CanvasID(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a GUID, found \"\(text)\"")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    /// In the order of the text (see `high` and `low`).
    public static func < (lhs: CanvasID, rhs: CanvasID) -> Bool { (lhs.high, lhs.low) < (rhs.high, rhs.low) }

    static func isGUID(_ text: Substring) -> Bool {
        var hasUpperCase = false
        return bits(text.utf8, hasUpperCase: &hasUpperCase) != nil
    }

    /// The 128 bits of a GUID written as 8-4-4-4-12 hex digits (either case); nil for other text.
    private static func bits(_ text: some Collection<UInt8>, hasUpperCase: inout Bool) -> (UInt64, UInt64)? {
        guard text.count == 36 else { return nil }
        // Read from the text's own storage, as nearly every string is: a walk through a generic
        // collection of bytes was a fiftieth of a plan.
        if let answer = text.withContiguousStorageIfAvailable({ bits(bytes: $0, hasUpperCase: &hasUpperCase) }) { return answer }
        return Array(text).withUnsafeBufferPointer { bits(bytes: $0, hasUpperCase: &hasUpperCase) }
    }

    private static func bits(bytes: UnsafeBufferPointer<UInt8>, hasUpperCase: inout Bool) -> (UInt64, UInt64)? {
        var high: UInt64 = 0
        var low: UInt64 = 0
        var digits = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            let nibble: UInt8
            if index == 8 || index == 13 || index == 18 || index == 23 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            } else if byte >= 48 && byte <= 57 {
                nibble = byte - 48
            } else if byte >= 97 && byte <= 102 {
                nibble = byte - 87
            } else if byte >= 65 && byte <= 70 {
                hasUpperCase = true
                nibble = byte - 55
            } else {
                return nil
            }
            if digits < 16 { high = high << 4 | UInt64(nibble) } else { low = low << 4 | UInt64(nibble) }
            digits += 1
        }
        return (high, low)
    }
}
