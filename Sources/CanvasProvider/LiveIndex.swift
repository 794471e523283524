import CanvasAPI

/// One account's live state looked up by id and by name, built once per plan: the planner asks
/// these questions for every resource, and linear searches made a plan of 10,000 workflows
/// quadratic. A class, so that handing it to each resource's comparison copies one reference.
final class LiveIndex: Sendable {
    let state: LiveState
    let registeredApplications: [CanvasID: RegisteredApplication]
    /// Where each live workflow is in `state.workflows` (see ``workflow(_:)``).
    private let workflowPositions: [CanvasID: Int]
    /// Registered applications by tagText (or name, without one).
    let applicationsNamed: Names
    let workflowsNamed: Names
    let templates: [CanvasID: WorkflowTemplate]
    let catalog: [CanvasID: CatalogApplication]
    /// Each template's name, and the slot (shortName) of each catalog application in it: asked for
    /// every workflow, where copying the template out of `templates` cost more than the answer.
    let templateNames: [CanvasID: String]
    let slotNames: [CanvasID: [CanvasID: String?]]
    /// Each registered application's catalog application and shortName: what a workflow's slots
    /// are read with, without a copy of the whole application for each workflow that uses it.
    let slotKeys: [CanvasID: (catalog: CanvasID, shortName: String?)]

    init(_ state: LiveState) {
        self.state = state
        registeredApplications = Dictionary(state.registeredApplications.map { ($0.id, $0) }) { first, _ in first }
        slotKeys = registeredApplications.mapValues { ($0.applicationId, $0.shortName) }
        var positions = [CanvasID: Int](minimumCapacity: state.workflows.count)
        for position in state.workflows.indices where positions[state.workflows[position].id] == nil {
            positions[state.workflows[position].id] = position
        }
        workflowPositions = positions
        applicationsNamed = Names(state.registeredApplications.lazy.map { ($0.tagText ?? $0.name ?? "", $0.id) })
        workflowsNamed = Names(state.workflows.lazy.map { ($0.name ?? "", $0.id) })
        templates = Dictionary(state.templates.map { ($0.id, $0) }) { first, _ in first }
        catalog = Dictionary(state.catalog.map { ($0.id, $0) }) { first, _ in first }
        templateNames = templates.compactMapValues(\.name)
        slotNames = templates.mapValues { template in
            var slots: [CanvasID: String?] = [:]
            // The first slot of a catalog application, as a search of the list finds it.
            for application in template.applications ?? [] where slots.index(forKey: application.id) == nil {
                slots.updateValue(application.shortName, forKey: application.id)
            }
            return slots
        }
    }
}

extension LiveIndex {
    /// Live resources by name. Nearly every name is one resource's: those are held without an
    /// array each (ten thousand arrays made, and freed, for every plan).
    struct Names: Sendable {
        private var one: [String: CanvasID] = [:]
        private var several: [String: [CanvasID]] = [:]

        init(_ entries: some Sequence<(String, CanvasID)>) {
            for (name, id) in entries {
                if several[name] != nil {
                    several[name]?.append(id)
                } else if let first = one.updateValue(id, forKey: name) {
                    one[name] = nil
                    several[name] = [first, id]
                }
            }
        }

        /// The ids of the resources named `name`, in the order of the list they were read in.
        subscript(name: String) -> [CanvasID] {
            several[name] ?? one[name].map { [$0] } ?? []
        }
    }
}

extension LiveIndex {
    /// The live workflow `id`, read in place.
    func workflow(_ id: CanvasID) -> LiveWorkflow? {
        workflowPositions[id].map { LiveWorkflow(index: self, position: $0) }
    }

    /// Whether the account has the live workflow `id`.
    func hasWorkflow(_ id: CanvasID) -> Bool {
        workflowPositions[id] != nil
    }
}
