/// What the engine needs to know of one resource the manifests declare to find its live
/// counterpart and to hold it to its manifest's promises: its address and scope, a pinned id, the
/// name it may be adopted by, and whether it is protected.
public struct DesiredIdentity<Location: Sendable>: Sendable {
    /// A text from the manifests that may be a secret: shown as `(sensitive)` when it is one.
    public struct Text: Sendable, Hashable {
        public var value: String
        public var isSensitive: Bool

        public init(_ value: String, isSensitive: Bool = false) {
            self.value = value
            self.isSensitive = isSensitive
        }

        /// How an error message shows it: quoted, or `(sensitive)`.
        @inlinable var quoted: String { isSensitive ? "(sensitive)" : "'\(value)'" }
        @inlinable var shown: String { isSensitive ? "(sensitive)" : value }
    }

    public var address: ResourceAddress
    /// The scope it lives in; nil for the default scope.
    public var scope: String?
    /// The live id the manifest pins it to (`id:`), and where.
    public var pinned: (id: Text, location: Location)?
    /// The name it is adopted by when neither a pin nor the state says which live resource it is.
    public var name: Text
    /// Where the manifest declares it, for errors about it.
    public var location: Location
    /// `protect: true`: a plan that replaces it is refused.
    public var isProtected: Bool
    /// Whether its kind's follow-up operation (``ResourceKind/followUp``) runs after it changes.
    public var wantsFollowUp: Bool

    public init(
        address: ResourceAddress, scope: String?, pinned: (id: Text, location: Location)? = nil, name: Text, location: Location,
        isProtected: Bool = false, wantsFollowUp: Bool = false
    ) {
        self.address = address
        self.scope = scope
        self.pinned = pinned
        self.name = name
        self.location = location
        self.isProtected = isProtected
        self.wantsFollowUp = wantsFollowUp
    }
}
