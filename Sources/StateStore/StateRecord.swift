public import JSONSupport

/// What the state remembers of one managed resource: where it lives (its address and live id) and
/// what was last applied to it, so that the next plan can tell what changed without asking again.
///
/// `attributes` holds the last applied **non-secret** inputs as plain JSON; the store cannot tell a
/// secret from any other string, so the caller is responsible for never putting one there. Secret
/// and write-only values go into `fingerprints` as keyed fingerprints made by a ``Fingerprinter``;
/// ``StateFile/record(_:)`` refuses a fingerprint that does not have that form, so a plain value put
/// there by mistake is never written.
///
/// Records are kept by ``key``, their address qualified by their provider (`canvas:workflow.export`),
/// so that two providers with a kind of the same name never share a record.
///
/// A record read from a state file keeps its attributes whose values are objects or arrays (a
/// Canvas workflow's `variables`, `chain` and `applications`) as their JSON text until they are
/// asked for: a plan compares almost all of them with the manifests by their text
/// (``attributeText(_:)``) or not at all, and parsing 10,000 of them was a third of reading the
/// state. `attributes` always answers every attribute, parsed.
public struct StateRecord: Codable, Sendable, Hashable {
    /// The resource's address within its provider, as `workflow.export`.
    public var address: String
    /// The resource's kind, as `workflow`.
    public var kind: String
    /// The provider that manages the resource, as `canvas`.
    public var provider: String
    /// The scope the resource lives in (for Canvas, a managed account); nil for the default one.
    public var scope: String?
    /// The live id of the resource.
    public var id: String
    /// The last applied non-secret inputs, by attribute name. (Those read as text are parsed each
    /// time this is read: where one attribute is wanted, ``attribute(_:)`` is cheaper.)
    public var attributes: [String: StateValue] {
        get {
            guard !unparsed.isEmpty else { return parsed }
            var all = parsed
            for (name, text) in unparsed {
                all[name] = (try? JSONParser.parse(text)) ?? .null
            }
            return all
        }
        set {
            parsed = newValue
            unparsed = [:]
        }
    }
    /// Attribute name → keyed fingerprint (`hmac-sha256:…`) of a write-only or secret value.
    public var fingerprints: [String: String]
    /// When the resource was last changed, ISO 8601 (`2026-11-27T10:00:00Z`).
    public var appliedAt: String

    private var parsed: [String: StateValue]
    /// Attributes kept as their JSON text (checked to be JSON when they were read).
    private var unparsed: [String: [UInt8]]

    /// Where the state keeps it: `provider:address`, unique in one state.
    public var key: String { Self.key(provider: provider, address: address) }

    /// The key of the record of `address` of `provider`.
    public static func key(provider: String, address: String) -> String {
        provider + ":" + address
    }

    public init(
        address: String,
        kind: String,
        provider: String,
        scope: String? = nil,
        id: String,
        attributes: [String: StateValue] = [:],
        fingerprints: [String: String] = [:],
        appliedAt: String
    ) {
        self.address = address
        self.kind = kind
        self.provider = provider
        self.scope = scope
        self.id = id
        self.parsed = attributes
        self.unparsed = [:]
        self.fingerprints = fingerprints
        self.appliedAt = appliedAt
    }

    /// A record read from a file, with some attributes still as their JSON text.
    init(
        address: String, kind: String, provider: String, scope: String?, id: String, parsed: [String: StateValue], unparsed: [String: [UInt8]],
        fingerprints: [String: String], appliedAt: String
    ) {
        self.init(
            address: address, kind: kind, provider: provider, scope: scope, id: id, attributes: parsed, fingerprints: fingerprints, appliedAt: appliedAt
        )
        self.unparsed = unparsed
    }

    /// The attribute `name`, parsed only if it has to be.
    public func attribute(_ name: String) -> StateValue? {
        if let value = parsed[name] { return value }
        return unparsed[name].map { (try? JSONParser.parse($0)) ?? .null }
    }

    /// The attribute `name` as the state file wrote it, when it was kept as text, for a caller that
    /// can tell it from a value without parsing it. Nil when it was parsed (or is absent):
    /// ``attribute(_:)`` has it then.
    public func attributeText(_ name: String) -> [UInt8]? {
        unparsed[name]
    }

    private enum CodingKeys: String, CodingKey {
        case address, kind, provider, scope, id, attributes, fingerprints, appliedAt
        /// Format 1's name of `scope`.
        case account
    }

    /// Reads a record of either format: one of format 1 has no provider (it is
    /// ``StateSnapshot/formatOneProvider``'s) and calls its scope `account`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            address: try container.decode(String.self, forKey: .address),
            kind: try container.decode(String.self, forKey: .kind),
            provider: try container.decodeIfPresent(String.self, forKey: .provider) ?? StateSnapshot.formatOneProvider,
            scope: try container.decodeIfPresent(String.self, forKey: .scope) ?? container.decodeIfPresent(String.self, forKey: .account),
            id: try container.decode(String.self, forKey: .id),
            attributes: try container.decode([String: StateValue].self, forKey: .attributes),
            fingerprints: try container.decode([String: String].self, forKey: .fingerprints),
            appliedAt: try container.decode(String.self, forKey: .appliedAt)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(address, forKey: .address)
        try container.encode(kind, forKey: .kind)
        try container.encode(provider, forKey: .provider)
        try container.encodeIfPresent(scope, forKey: .scope)
        try container.encode(id, forKey: .id)
        try container.encode(attributes, forKey: .attributes)
        try container.encode(fingerprints, forKey: .fingerprints)
        try container.encode(appliedAt, forKey: .appliedAt)
    }

    // Equal when they hold the same values, however they were read.
    public static func == (lhs: StateRecord, rhs: StateRecord) -> Bool {
        lhs.address == rhs.address && lhs.kind == rhs.kind && lhs.provider == rhs.provider && lhs.scope == rhs.scope && lhs.id == rhs.id
            && lhs.fingerprints == rhs.fingerprints && lhs.appliedAt == rhs.appliedAt && lhs.attributes == rhs.attributes
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(address)
        hasher.combine(kind)
        hasher.combine(provider)
        hasher.combine(scope)
        hasher.combine(id)
        hasher.combine(attributes)
        hasher.combine(fingerprints)
        hasher.combine(appliedAt)
    }
}

extension StateRecord {
    /// Refuses a record with no address, or whose fingerprints are not keyed fingerprints
    /// (``Fingerprinter``), so that a plain value put there by mistake is never written, by any
    /// backend.
    static func checkFingerprints(of record: StateRecord) throws(StateError) {
        guard !record.address.isEmpty else {
            throw .invalidRecord(address: "", reason: "its address is empty")
        }
        guard !record.provider.isEmpty, !record.provider.contains(":") else {
            throw .invalidRecord(address: record.address, reason: "its provider must be a name without a colon")
        }
        for (name, value) in record.fingerprints.sorted(by: { $0.key < $1.key })
        where !Fingerprinter.isFingerprint(value) {
            throw .invalidRecord(
                address: record.address,
                reason: "the fingerprint of `\(name)` is not a keyed fingerprint (\(Fingerprinter.prefix)<64 hex digits>); "
                    + "it is not written, as it may be a secret"
            )
        }
    }
}
