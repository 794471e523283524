public import OrderedCollections

/// A whole manifest set, loaded and checked: what the user wants to exist, resource by resource.
///
/// It is the manifest layer's only output; the reconciler takes it as a value. Resources keep the
/// order in which the files and documents declare them.
public struct ManifestSet: Sendable {
    /// The manifest files read, in the order read.
    public var files: [String]
    public var documentCount: Int
    /// Variables after `--var` and `--var-file` overrides.
    public var variables: OrderedDictionary<String, Sourced<String>>
    public var applications: [ApplicationSpec]
    public var workflows: [WorkflowSpec]

    public init(
        files: [String], documentCount: Int, variables: OrderedDictionary<String, Sourced<String>>,
        applications: [ApplicationSpec], workflows: [WorkflowSpec]
    ) {
        self.files = files
        self.documentCount = documentCount
        self.variables = variables
        self.applications = applications
        self.workflows = workflows
    }

    /// The accounts the set manages, in order of appearance; nil stands for the API keys' own account.
    public var accounts: [String?] {
        var seen = OrderedSet<String>()
        var ownAccount = false
        var order: [String?] = []
        for account in applications.map(\.account) + workflows.map(\.account) {
            if let account {
                if seen.append(account).inserted { order.append(account) }
            } else if !ownAccount {
                ownAccount = true
                order.append(nil)
            }
        }
        return order
    }
}
