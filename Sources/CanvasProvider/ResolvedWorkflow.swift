public import CanvasAPI
public import Manifest

/// A manifest's workflow with its template, read in full, and its template slots mapped onto the
/// set's applications.
public struct ResolvedWorkflow: Sendable {
    public var spec: WorkflowSpec
    /// The template `spec.template` names, with its variables and chain.
    public var template: WorkflowTemplate {
        get { sharedTemplate.value }
        set { sharedTemplate = SharedValue(newValue) }
    }
    /// The template, one for every workflow that uses it.
    var sharedTemplate: SharedValue<WorkflowTemplate>
    /// Template application slot (the template application's shortName, as the template spells it)
    /// to the key of the set's application that fills it.
    public var slots: [String: String]

    public init(spec: WorkflowSpec, template: WorkflowTemplate, slots: [String: String]) {
        self.init(spec: spec, sharedTemplate: SharedValue(template), slots: slots)
    }

    init(spec: WorkflowSpec, sharedTemplate: SharedValue<WorkflowTemplate>, slots: [String: String]) {
        self.spec = spec
        self.sharedTemplate = sharedTemplate
        self.slots = slots
    }
}
