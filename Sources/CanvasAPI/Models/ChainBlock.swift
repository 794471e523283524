/// One block of a workflow template's `chain`: a step of the integration (`"Get Employees"`,
/// `"Mapper"`) with its variables, keyed by the block's own variable names. A workflow's create and
/// edit bodies address blocks by `uniqueBlockId` (see ``ChainApiDto``).
public struct ChainBlock: Sendable, Hashable, Codable {
    public var uniqueBlockId: CanvasID
    public var blockName: String?
    public var variables: [String: BlockVariable]?

    public init(uniqueBlockId: CanvasID, blockName: String? = nil, variables: [String: BlockVariable]? = nil) {
        self.uniqueBlockId = uniqueBlockId
        self.blockName = blockName
        self.variables = variables
    }
}
