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
    /// Every secret the set holds: each value read from `${env:}` or `${file:}` (also inside a
    /// longer string), each credential, each sensitive name or description. A client keeps them
    /// out of what it prints of a server's answers, which may echo a request.
    public var secrets: [String]
    /// Secrets referred to that could not be read, one entry each; empty unless the set was loaded
    /// with ``ManifestLoader/requiresSecrets`` false.
    public var missingSecrets: [MissingSecret]

    public init(
        files: [String], documentCount: Int, variables: OrderedDictionary<String, Sourced<String>>,
        applications: [ApplicationSpec], workflows: [WorkflowSpec], secrets: [String] = [], missingSecrets: [MissingSecret] = []
    ) {
        self.missingSecrets = missingSecrets
        self.files = files
        self.documentCount = documentCount
        self.variables = variables
        self.applications = applications
        self.workflows = workflows
        self.secrets = secrets
    }

    /// Whether `text` may be a resource's key in a manifest (`workflows: {KEY: …}`): letters,
    /// digits, `_` and `-`, not starting with `-`. For commands that name addresses outside a
    /// manifest (`state mv`).
    public static func isResourceKey(_ text: String) -> Bool {
        NodeReader.isIdentifier(text)
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
