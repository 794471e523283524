/// What the engine found for one manifest resource before the provider plans it: its live
/// counterpart (``match``), the scope it lives in, and the state's record under its address.
public struct ResourceInput<Provider: PlanningProvider>: Sendable {
    public var address: ResourceAddress
    /// The scope's live resources; nil when the scope was not read.
    public var scope: Provider.Scope?
    /// The state's record under the resource's address, whatever it records.
    public var record: Provider.Record?
    /// The live resource the manifest resource stands for: its pinned id, else the one recorded,
    /// else the one live resource with its name; nil when there is none (a create).
    public var match: Provider.ID?
    /// Whether ``record`` records ``match``: only then do its last applied values describe the
    /// live resource (for write-only values and drift).
    public var recordIsOwn: Bool
    /// Whether the state recorded the matched resource as protected.
    public var recordedProtect: Bool

    @inlinable
    init(
        address: ResourceAddress, scope: Provider.Scope?, record: Provider.Record?, match: Provider.ID?, recordIsOwn: Bool,
        recordedProtect: Bool
    ) {
        self.address = address
        self.scope = scope
        self.record = record
        self.match = match
        self.recordIsOwn = recordIsOwn
        self.recordedProtect = recordedProtect
    }
}
