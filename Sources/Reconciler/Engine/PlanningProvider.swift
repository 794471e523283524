/// What a provider (an API such as Canvas) supplies so that the engine can plan for it: its
/// resource kinds and words, its live resources of each scope, its manifests' resources, and the
/// mapping of one resource onto the reconciler's ``Change``s.
///
/// The engine (``PlanningEngine``) owns what every provider would otherwise write again: matching
/// manifest resources to live ones (pinned id, state, unique name, ambiguity), leftover records
/// (deleted, or forgotten when already gone), unmanaged resources, `protect`, follow-up operations,
/// the bookkeeping of replaces (``ResourceAddress/superseded(byReplaceOf:)``) and the grouping of
/// changes by scope. A provider maps; it does not decide.
///
/// A provider value is made for one plan: it holds that plan's manifest resources, which the
/// engine asks for by kind and position.
public protocol PlanningProvider: Sendable {
    /// A live resource's id. Ids must be unique across the provider's kinds and scopes.
    associatedtype ID: Hashable & Sendable & CustomStringConvertible
    /// One scope's live resources, indexed for lookups (a class, or a value cheap to copy).
    associatedtype Scope: Sendable
    /// A state record.
    associatedtype Record: Sendable
    /// Where a manifest declares something, for problems.
    associatedtype Location: Sendable

    var vocabulary: ProviderVocabulary { get }
    /// The kinds the manifests declare, in planning order: a referenced kind comes before the
    /// kinds that refer to it.
    var kinds: [ResourceKind] { get }

    // MARK: Manifest resources

    /// How many resources of `kind` the manifests declare.
    func desiredCount(of kind: ResourceKind) -> Int
    /// The identity of the `index`th resource of `kind`.
    func identity(of kind: ResourceKind, at index: Int) -> DesiredIdentity<Location>
    /// The changes of the `index`th resource of `kind`, its live counterpart found.
    func plan(_ kind: ResourceKind, at index: Int, input: ResourceInput<Self>, context: PlanningContext<ID>) -> ResourcePlan

    // MARK: Live resources

    /// The name of the scope read, when the provider knows it: the default scope of a run may be a
    /// named one (Canvas: `--account`), and its changes are grouped with that scope's.
    func name(of scope: Scope) -> String?
    /// The id `text` spells; nil when it is not one (a pin or a record the provider cannot read).
    func id(_ text: String) -> ID?
    func exists(_ id: ID, kind: ResourceKind, in scope: Scope) -> Bool
    /// The live resources of `kind` named `name`, in the order they were read.
    func ids(named name: String, kind: ResourceKind, in scope: Scope) -> [ID]
    /// Every live resource of the scope, with its kind and its name for people.
    func forEachLiveResource(in scope: Scope, _ body: (_ kind: String, _ id: ID, _ name: String) -> Void)
    /// The changes that delete the live resource `id` the state records at `address` and the
    /// manifests no longer declare (its own, at `address`, and its parts'); nil when it is gone.
    func deletion(of address: ResourceAddress, id: ID, record: Record, in scope: Scope, context: PlanningContext<ID>) -> [Change]?

    // MARK: State records

    /// The key the state keeps the record of `address` under, among every provider's records.
    func recordKey(of address: ResourceAddress) -> String
    /// The address of a record; nil when the record is another provider's (or not an address).
    func recordedAddress(_ record: Record) -> ResourceAddress?
    func recordedKind(_ record: Record) -> String
    func recordedID(_ record: Record) -> ID?
    /// The scope the record's resource lives in; nil for the default scope.
    func recordedScope(_ record: Record) -> String?
    /// Whether it was protected when it was last applied.
    func recordIsProtected(_ record: Record) -> Bool
    /// Whether the follow-up operation after its last change did not happen.
    func followUpIsPending(_ record: Record) -> Bool
}
