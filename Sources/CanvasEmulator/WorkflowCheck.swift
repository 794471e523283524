import CanvasAPI
import JSONSupport

/// The checks a workflow's create or update body must pass against its template and the account's
/// registered applications.
///
/// From the document: the template must exist (`Unknown workflow template <id>`, checked by the
/// caller) and the applications must be registered in the account (`Undeclared
/// RegisteredApplication`). The rest is what the document implies without showing an answer, each
/// refused with a 400 and a sentence: an application slot the template does not have, a registered
/// application of another catalog application than its slot's, a block the template does not have,
/// a block variable its block does not have, a workflow variable the template does not have.
/// Missing slots are allowed (the document's update example sets one slot of several).
struct WorkflowCheck: Sendable {
    let template: WorkflowTemplate
    /// The account's registered applications that the body names, by id (an id missing here is
    /// not registered in the account).
    let registeredApplications: [CanvasID: RegisteredApplication]

    func check(applications: [String: CanvasID], chain: [ChainApiDto], variables: [String: JSONValue]) throws(EmulatorError) {
        let templateName = template.name ?? template.id.rawValue
        let slots = template.applications ?? []
        for (slot, registeredId) in applications.sorted(by: { $0.key < $1.key }) {
            guard let slotApplication = slots.first(where: { $0.shortName == slot }) else {
                let names = slots.compactMap(\.shortName).joined(separator: ", ")
                throw .badRequest("Workflow template \(templateName) has no application \(slot); its applications are \(names).")
            }
            guard let registered = registeredApplications[registeredId] else {
                throw .undeclaredApplication
            }
            guard registered.applicationId == slotApplication.id else {
                throw .badRequest(
                    "Application \(slot) of workflow template \(templateName) must be a registered \(slotApplication.name ?? slot) "
                        + "application; \(registeredId) is a registered \(registered.name ?? registered.applicationId.rawValue) application."
                )
            }
        }
        let blocks = template.chain ?? []
        for block in chain {
            guard let templateBlock = blocks.first(where: { $0.uniqueBlockId == block.uniqueBlockId }) else {
                throw .badRequest("Workflow template \(templateName) has no block \(block.uniqueBlockId).")
            }
            let known = templateBlock.variables ?? [:]
            for name in (block.variables ?? [:]).keys.sorted() where known[name] == nil {
                throw .badRequest("Block \(templateBlock.blockName ?? block.uniqueBlockId.rawValue) of workflow template \(templateName) has no variable \(name).")
            }
        }
        let known = template.variables ?? [:]
        for name in variables.keys.sorted() where known[name] == nil {
            throw .badRequest("Workflow template \(templateName) has no variable \(name).")
        }
    }

    /// A workflow's `regApplicationIds`: the ids of its applications map, in the template's slot order.
    func regApplicationIds(_ applications: [String: CanvasID]) -> [CanvasID] {
        let order = (template.applications ?? []).compactMap(\.shortName)
        return applications.sorted { lhs, rhs in
            (order.firstIndex(of: lhs.key) ?? order.count, lhs.key) < (order.firstIndex(of: rhs.key) ?? order.count, rhs.key)
        }.map(\.value)
    }
}
