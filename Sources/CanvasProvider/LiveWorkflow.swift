import CanvasAPI

/// A live workflow as the planner reads it: in place in its account's list, one field at a time.
/// (A `Workflow` is a dozen strings: a copy of one for each of 10,000 workflows retained, and then
/// released, every one of them.)
struct LiveWorkflow {
    let index: LiveIndex
    let position: Int

    var id: CanvasID { index.state.workflows[position].id }
    var name: String? { index.state.workflows[position].name }
    var description: String? { index.state.workflows[position].description }
    var workflowTemplateId: CanvasID? { index.state.workflows[position].workflowTemplateId }
    var regApplicationIds: [CanvasID]? { index.state.workflows[position].regApplicationIds }
    var isScheduled: Bool? { index.state.workflows[position].isScheduled }
    var cronSchedule: String? { index.state.workflows[position].schedulerFrequency?.cronSchedule }
}
