/// The words a provider's resources are spoken of in: what plans, errors and drift marks call the
/// provider and the places its resources live in, so that the engine and the renderer say
/// "account" for Canvas without knowing Canvas.
public struct ProviderVocabulary: Sendable, Hashable, Codable {
    /// The provider's name in the state's record keys and in plan JSON (`canvas`); empty for a plan
    /// no provider made.
    public var provider: String
    /// The provider's name for people, as in "changed in Canvas since the last apply".
    public var providerName: String
    /// What one scope is called, as in "in account 3fa8…" (Canvas: `account`).
    public var scopeNoun: String
    /// The group of changes in the default scope, the one a manifest names by leaving its scope
    /// out (Canvas: `default account`).
    public var defaultScopeGroup: String

    public init(provider: String, providerName: String, scopeNoun: String, defaultScopeGroup: String) {
        self.provider = provider
        self.providerName = providerName
        self.scopeNoun = scopeNoun
        self.defaultScopeGroup = defaultScopeGroup
    }

    /// The words of a plan no provider made (one built by hand): the provider is "the provider",
    /// its places are scopes.
    public static let neutral = ProviderVocabulary(provider: "", providerName: "the provider", scopeNoun: "scope", defaultScopeGroup: "default scope")

    /// The group label of the changes in `scope`: `account 3fa8…`, or the default scope's.
    public func group(of scope: String?) -> String {
        scope.map { "\(scopeNoun) \($0)" } ?? defaultScopeGroup
    }
}
