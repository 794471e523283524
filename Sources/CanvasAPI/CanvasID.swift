/// A Canvas id: a GUID, kept lower-cased so that ids compare equal whatever case a response or a
/// manifest used.
///
/// Decoding is tolerant, as the API is: a JSON string (`"3fa8…"`) or, for a create call's body, the
/// bare GUID text; see ``init(responseBody:)``.
public struct CanvasID: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    public let rawValue: String

    /// Nil unless `text` is exactly a GUID (8-4-4-4-12 hexadecimal digits, any case).
    public init?(_ text: String) {
        var hasUpperCase = false
        guard Self.isGUID(text.utf8, hasUpperCase: &hasUpperCase) else { return nil }
        // Most ids come lower-cased already (every answer of the API, every state record): they
        // are kept as they are, without a new string each.
        rawValue = hasUpperCase ? text.lowercased() : text
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

    public static func < (lhs: CanvasID, rhs: CanvasID) -> Bool { lhs.rawValue < rhs.rawValue }

    static func isGUID(_ text: Substring) -> Bool {
        var hasUpperCase = false
        return isGUID(text.utf8, hasUpperCase: &hasUpperCase)
    }

    /// Whether `bytes` are 8-4-4-4-12 hexadecimal digits; `hasUpperCase` says whether any is A-F.
    private static func isGUID(_ bytes: some Collection<UInt8>, hasUpperCase: inout Bool) -> Bool {
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if index == 8 || index == 13 || index == 18 || index == 23 {
                guard byte == UInt8(ascii: "-") else { return false }
            } else if byte >= 65 && byte <= 70 {
                hasUpperCase = true
            } else {
                let isHex = (byte >= 48 && byte <= 57) || (byte >= 97 && byte <= 102)
                guard isHex else { return false }
            }
        }
        return true
    }
}
