public import StateStore

/// What `state rm` or `state mv` changed: the state, as messages name it, the records concerned
/// (those removed, or the one moved, at its new address), and the serial the state was stored with.
public struct StateEditResult: Sendable {
    public var location: String
    public var records: [StateRecord]
    public var serial: Int
}
