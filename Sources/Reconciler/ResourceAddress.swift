/// A resource's name in plans and in the state: its kind and its key, written `kind.key`
/// (`application.quinyx`, `workflow.export`, `schedule.export`).
///
/// The reconciler knows no kinds of its own: a provider (Canvas first) names them.
public struct ResourceAddress: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var kind: String
    public var key: String

    public init(kind: String, key: String) {
        self.kind = kind
        self.key = key
    }

    /// Parses `kind.key`; nil without a dot.
    public init?(_ text: String) {
        guard let dot = text.firstIndex(of: "."), dot != text.startIndex, text.index(after: dot) != text.endIndex else { return nil }
        self.init(kind: String(text[..<dot]), key: String(text[text.index(after: dot)...]))
    }

    public var description: String { "\(kind).\(key)" }

    /// Where the state keeps the live instance `id` that a replace of this address is replacing,
    /// until its deletion (the replace's second half) is done: `application.quinyx~1a2b3c4d`, the
    /// first 8 characters of its id (`~` is in no manifest key). Should that deletion fail or never
    /// run, the record left there has the next plan delete the instance.
    public func superseded(byReplaceOf id: String) -> ResourceAddress {
        ResourceAddress(kind: kind, key: "\(key)~\(id.prefix(8))")
    }

    /// The address whose replace left the instance recorded here (``superseded(byReplaceOf:)``);
    /// nil for any other address.
    public var replaced: ResourceAddress? {
        guard let tilde = key.firstIndex(of: "~") else { return nil }
        return ResourceAddress(kind: kind, key: String(key[..<tilde]))
    }

    public static func < (lhs: ResourceAddress, rhs: ResourceAddress) -> Bool {
        // (Not as a tuple: a plan sorts 20,000 addresses, and each tuple copied both strings.)
        lhs.kind == rhs.kind ? lhs.key < rhs.key : lhs.kind < rhs.kind
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let address = ResourceAddress(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not an address such as workflow.export")
        }
        self = address
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
