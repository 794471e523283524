public import Foundation

/// What `import ADDRESS ID` is made from, as values: the address and the live id, and what a plan
/// of the same manifests reads to find them (``PlanRequest``: the manifests, the connection, the
/// default account, the state and its lock timeout), so that import reaches what plan reaches.
public struct ImportRequest: Sendable {
    /// The address to import into, `application.KEY` or `workflow.KEY`.
    public var address: String
    /// The live resource's id.
    public var id: String
    /// The manifests, connection, account and state, as for a plan of them.
    public var planning: PlanRequest
    /// The clock, for the record's time of adoption.
    public var now: @Sendable () -> Date

    public init(address: String, id: String, planning: PlanRequest, now: @escaping @Sendable () -> Date = { Date() }) {
        self.address = address
        self.id = id
        self.planning = planning
        self.now = now
    }
}
