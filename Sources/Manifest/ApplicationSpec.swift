public import OrderedCollections
public import YAML

/// A registered application as a manifest declares it (`applications.KEY`): which catalog
/// application it is an instance of, its name (tagText) and its write-only credentials.
public struct ApplicationSpec: Sendable, Hashable {
    /// The key under `applications:`; the resource's address is `application.KEY`.
    public var key: String
    /// Where the key is written.
    public var location: Mark
    /// The ManagedAccountId of the document, lower-cased; nil for the API keys' own account.
    public var account: String?
    /// The catalog application: its name, shortName or id.
    public var app: Sourced<String>
    /// The tagText; the key when not given.
    public var name: Sourced<String>
    /// Credential fields by their ShortName. Always sensitive.
    public var credentials: OrderedDictionary<String, Sourced<ScalarValue>>
    /// A pinned live id, when given.
    public var id: Sourced<String>?
    /// Refuse plans that delete or replace it.
    public var protect: Bool

    public var address: String { "application.\(key)" }

    public init(
        key: String, location: Mark, account: String?, app: Sourced<String>, name: Sourced<String>,
        credentials: OrderedDictionary<String, Sourced<ScalarValue>> = [:], id: Sourced<String>? = nil, protect: Bool = false
    ) {
        self.key = key
        self.location = location
        self.account = account
        self.app = app
        self.name = name
        self.credentials = credentials
        self.id = id
        self.protect = protect
    }
}
