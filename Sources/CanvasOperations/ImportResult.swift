/// What `import` recorded: the address, the live id, and the state, as messages name it.
public struct ImportResult: Sendable {
    public var address: String
    public var id: String
    public var location: String
}
