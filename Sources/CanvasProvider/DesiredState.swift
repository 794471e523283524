/// The manifests of a set resolved against the live catalogs and templates of their accounts: what
/// the user wants to exist, with every catalog application and template found and every template
/// slot mapped. The plan step compares it with the live resources.
public struct DesiredState: Sendable {
    /// The set's applications, in manifest order.
    public var applications: [ResolvedApplication]
    /// The set's workflows, in manifest order.
    public var workflows: [ResolvedWorkflow]

    public init(applications: [ResolvedApplication], workflows: [ResolvedWorkflow]) {
        self.applications = applications
        self.workflows = workflows
    }
}
