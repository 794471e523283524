/// The body of `POST RunWorkflow`: runs a workflow now, whole or a range of its blocks
/// (`runFromBlock`…`runTillBlock`, block numbers as the document counts them).
public struct RunMetadataApiDto: Sendable, Hashable, Codable {
    public var workflowId: CanvasID
    public var runFromBlock: Int?
    public var runTillBlock: Int?

    public init(workflowId: CanvasID, runFromBlock: Int? = nil, runTillBlock: Int? = nil) {
        self.workflowId = workflowId
        self.runFromBlock = runFromBlock
        self.runTillBlock = runTillBlock
    }
}
