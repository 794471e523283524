public import CanvasAPI

/// What one Canvas account holds, read in one go: the catalog and templates that manifests are
/// resolved against, and the registered applications and workflows they are compared with.
public struct LiveState: Sendable {
    /// The account read; nil for the API keys' own account.
    public var account: CanvasID?
    public var catalog: [CatalogApplication]
    /// Templates in full (`WorkflowTemplate/{id}`), with their variables' types.
    public var templates: [WorkflowTemplate]
    public var registeredApplications: [RegisteredApplication]
    public var workflows: [Workflow]
    /// The templates read in full so far (the rest are in their list form).
    public var detailedTemplates: Set<CanvasID> = []

    public init(
        account: CanvasID?, catalog: [CatalogApplication], templates: [WorkflowTemplate],
        registeredApplications: [RegisteredApplication], workflows: [Workflow]
    ) {
        self.account = account
        self.catalog = catalog
        self.templates = templates
        self.registeredApplications = registeredApplications
        self.workflows = workflows
    }

    /// Reads an account with as few round trips as the API allows: the four lists concurrently
    /// (``readLists(account:client:)``), then the details of the templates the manifests use (the
    /// list leaves out the variables' types), also concurrently. `templateReferences` are names or
    /// ids as written.
    public static func read(
        account: CanvasID?, client: CanvasClient, templateReferences: Set<String>
    ) async throws(CanvasAPIError) -> LiveState {
        try await readLists(account: account, client: client).detailingTemplates(templateReferences, client: client)
    }

    /// The first round trip of ``read(account:client:templateReferences:)``: the catalog, the
    /// templates (in their list form), the registered applications and the workflows, concurrently.
    /// It needs no manifest, so a plan starts it while the manifests are still loading.
    public static func readLists(account: CanvasID?, client: CanvasClient) async throws(CanvasAPIError) -> LiveState {
        do {
            async let catalog = client.applications(account: account)
            async let templates = client.workflowTemplates(account: account)
            async let registered = client.registeredApplications(account: account)
            async let workflows = client.workflows(account: account)
            return LiveState(
                account: account, catalog: try await catalog, templates: try await templates,
                registeredApplications: try await registered, workflows: try await workflows
            )
        } catch let error as CanvasAPIError {
            throw error
        } catch {
            throw CanvasAPIError(kind: .transport, endpoint: nil, status: nil, message: String(describing: error))
        }
    }

    /// The second round trip: this state with the templates that `references` name (ids in any
    /// case, names without regard to case, as the resolver matches them) read in full, concurrently.
    /// Templates the manifests do not use stay in their list form.
    public func detailingTemplates(_ references: Set<String>, client: CanvasClient) async throws(CanvasAPIError) -> LiveState {
        let references = Set(references.map { $0.lowercased() })
        let wanted = templates.filter { template in
            !detailedTemplates.contains(template.id)
                && (references.contains(template.id.rawValue) || template.name.map { references.contains($0.lowercased()) } == true)
        }
        guard !wanted.isEmpty else { return self }
        let account = account
        do {
            let detailed = try await withThrowingTaskGroup(of: (Int, WorkflowTemplate).self) { group in
                for (index, template) in wanted.enumerated() {
                    group.addTask { (index, try await client.workflowTemplate(template.id, account: account)) }
                }
                var details = [WorkflowTemplate?](repeating: nil, count: wanted.count)
                for try await (index, detail) in group { details[index] = detail }
                return details.compactMap { $0 }
            }
            // In the list's order, whichever were read in full and when: what the resolver says
            // of templates (a name several match, suggestions) does not depend on it.
            let byID = Dictionary(detailed.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            var state = self
            state.templates = templates.map { byID[$0.id] ?? $0 }
            state.detailedTemplates.formUnion(byID.keys)
            return state
        } catch let error as CanvasAPIError {
            throw error
        } catch {
            throw CanvasAPIError(kind: .transport, endpoint: nil, status: nil, message: String(describing: error))
        }
    }

    /// ``detailingTemplates(_:client:)`` for the templates the live workflows use. A plan reads
    /// these while the manifests are still loading: in an estate that changes little they are the
    /// templates the manifests use, so no round trip is left once the manifests are loaded.
    public func detailingTemplatesInUse(client: CanvasClient) async throws(CanvasAPIError) -> LiveState {
        try await detailingTemplates(Set(workflows.compactMap { $0.workflowTemplateId?.rawValue }), client: client)
    }

    /// Reads an account for `export`: the four lists concurrently, then in full every template a
    /// live workflow uses (the manifests to compare with are yet to be written).
    public static func readAll(account: CanvasID?, client: CanvasClient) async throws(CanvasAPIError) -> LiveState {
        try await readLists(account: account, client: client).detailingTemplatesInUse(client: client)
    }
}
