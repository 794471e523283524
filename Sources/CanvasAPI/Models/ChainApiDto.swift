/// A chain block in a workflow's create or edit body: customises the template block `uniqueBlockId`
/// by setting its variables.
public struct ChainApiDto: Sendable, Hashable, Codable {
    public var uniqueBlockId: CanvasID
    public var blockName: String?
    /// Keyed by the block's variable names.
    public var variables: [String: ChainVariableApiDto]?

    public init(uniqueBlockId: CanvasID, blockName: String? = nil, variables: [String: ChainVariableApiDto]? = nil) {
        self.uniqueBlockId = uniqueBlockId
        self.blockName = blockName
        self.variables = variables
    }
}
