public import JSONSupport

/// What the state remembers of one managed resource: where it lives (its address and live id) and
/// what was last applied to it, so that the next plan can tell what changed without asking again.
///
/// `attributes` holds the last applied **non-secret** inputs as plain JSON; the store cannot tell a
/// secret from any other string, so the caller is responsible for never putting one there. Secret
/// and write-only values go into `fingerprints` as keyed fingerprints made by a ``Fingerprinter``;
/// ``StateFile/record(_:)`` refuses a fingerprint that does not have that form, so a plain value put
/// there by mistake is never written.
public struct StateRecord: Codable, Sendable, Hashable {
    /// The resource's address, as `workflow.export`; unique in one state.
    public var address: String
    /// The resource's kind, as `workflow`.
    public var kind: String
    /// The account the resource lives in; nil for the caller's own account.
    public var account: String?
    /// The live id of the resource.
    public var id: String
    /// The last applied non-secret inputs, by attribute name.
    public var attributes: [String: StateValue]
    /// Attribute name → keyed fingerprint (`hmac-sha256:…`) of a write-only or secret value.
    public var fingerprints: [String: String]
    /// When the resource was last changed, ISO 8601 (`2026-11-27T10:00:00Z`).
    public var appliedAt: String

    public init(
        address: String,
        kind: String,
        account: String? = nil,
        id: String,
        attributes: [String: StateValue] = [:],
        fingerprints: [String: String] = [:],
        appliedAt: String
    ) {
        self.address = address
        self.kind = kind
        self.account = account
        self.id = id
        self.attributes = attributes
        self.fingerprints = fingerprints
        self.appliedAt = appliedAt
    }
}
