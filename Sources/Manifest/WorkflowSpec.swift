public import OrderedCollections
public import YAML

/// A registered workflow as a manifest declares it (`workflows.KEY`): the template it is built from,
/// the applications filling the template's slots, its variables and chain settings, its schedule.
///
/// Its fields live in one shared, copy-on-write box: an estate has tens of thousands of workflows,
/// and passing a workflow around then costs one reference count instead of one per field.
public struct WorkflowSpec: Sendable, Hashable {
    private final class Storage: @unchecked Sendable {
        var key: String
        var location: Mark
        var account: String?
        var name: Sourced<String>
        var description: Sourced<String>?
        var template: Sourced<String>
        var applications: OrderedDictionary<String, Sourced<String>>
        var variables: OrderedDictionary<String, Sourced<VariableValue>>
        var chain: OrderedDictionary<String, OrderedDictionary<String, Sourced<ChainVariable>>>
        var schedule: ScheduleSpec?
        var deploy: Bool
        var protect: Bool
        var id: Sourced<String>?

        init(
            key: String,
            location: Mark,
            account: String?,
            name: Sourced<String>,
            description: Sourced<String>?,
            template: Sourced<String>,
            applications: OrderedDictionary<String, Sourced<String>>,
            variables: OrderedDictionary<String, Sourced<VariableValue>>,
            chain: OrderedDictionary<String, OrderedDictionary<String, Sourced<ChainVariable>>>,
            schedule: ScheduleSpec?,
            deploy: Bool,
            protect: Bool,
            id: Sourced<String>?
        ) {
            self.key = key
            self.location = location
            self.account = account
            self.name = name
            self.description = description
            self.template = template
            self.applications = applications
            self.variables = variables
            self.chain = chain
            self.schedule = schedule
            self.deploy = deploy
            self.protect = protect
            self.id = id
        }

        func copy() -> Storage {
            Storage(
                key: key,
                location: location,
                account: account,
                name: name,
                description: description,
                template: template,
                applications: applications,
                variables: variables,
                chain: chain,
                schedule: schedule,
                deploy: deploy,
                protect: protect,
                id: id
            )
        }
    }

    // Mutation goes through `isKnownUniquelyReferenced`, so the box is never shared while written:
    // that is what makes the `@unchecked Sendable` above sound.
    private var storage: Storage

    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    /// The key under `workflows:`; the resource's address is `workflow.KEY`.
    public var key: String {
        get { storage.key }
        set { unique().key = newValue }
    }

    /// Where the key is written.
    public var location: Mark {
        get { storage.location }
        set { unique().location = newValue }
    }

    /// The ManagedAccountId of the document, lower-cased; nil for the API keys' own account.
    public var account: String? {
        get { storage.account }
        set { unique().account = newValue }
    }

    /// The workflow's name; the key when not given.
    public var name: Sourced<String> {
        get { storage.name }
        set { unique().name = newValue }
    }

    public var description: Sourced<String>? {
        get { storage.description }
        set { unique().description = newValue }
    }

    /// The workflow template: its name or id.
    public var template: Sourced<String> {
        get { storage.template }
        set { unique().template = newValue }
    }

    /// Template application slot (shortName) to application key (`applications.KEY` of this set).
    public var applications: OrderedDictionary<String, Sourced<String>> {
        get { storage.applications }
        set { unique().applications = newValue }
    }

    /// Workflow variables by the template's variable names.
    public var variables: OrderedDictionary<String, Sourced<VariableValue>> {
        get { storage.variables }
        set { unique().variables = newValue }
    }

    /// Per-block settings: block (blockName or uniqueBlockId) to its variables.
    public var chain: OrderedDictionary<String, OrderedDictionary<String, Sourced<ChainVariable>>> {
        get { storage.chain }
        set { unique().chain = newValue }
    }

    /// The scheduler; nil leaves it off.
    public var schedule: ScheduleSpec? {
        get { storage.schedule }
        set { unique().schedule = newValue }
    }

    /// Call DeployWorkflow after every create or change.
    public var deploy: Bool {
        get { storage.deploy }
        set { unique().deploy = newValue }
    }

    /// Refuse plans that delete or replace it.
    public var protect: Bool {
        get { storage.protect }
        set { unique().protect = newValue }
    }

    /// A pinned live id, when given.
    public var id: Sourced<String>? {
        get { storage.id }
        set { unique().id = newValue }
    }

    public var address: String { "workflow.\(key)" }

    public init(
        key: String, location: Mark, account: String?, name: Sourced<String>, description: Sourced<String>? = nil,
        template: Sourced<String>, applications: OrderedDictionary<String, Sourced<String>> = [:],
        variables: OrderedDictionary<String, Sourced<VariableValue>> = [:],
        chain: OrderedDictionary<String, OrderedDictionary<String, Sourced<ChainVariable>>> = [:],
        schedule: ScheduleSpec? = nil, deploy: Bool = false, protect: Bool = false, id: Sourced<String>? = nil
    ) {
        storage = Storage(
            key: key,
            location: location,
            account: account,
            name: name,
            description: description,
            template: template,
            applications: applications,
            variables: variables,
            chain: chain,
            schedule: schedule,
            deploy: deploy,
            protect: protect,
            id: id
        )
    }

    public static func == (lhs: WorkflowSpec, rhs: WorkflowSpec) -> Bool {
        if lhs.storage === rhs.storage { return true }
        return lhs.key == rhs.key
            && lhs.location == rhs.location
            && lhs.account == rhs.account
            && lhs.name == rhs.name
            && lhs.description == rhs.description
            && lhs.template == rhs.template
            && lhs.applications == rhs.applications
            && lhs.variables == rhs.variables
            && lhs.chain == rhs.chain
            && lhs.schedule == rhs.schedule
            && lhs.deploy == rhs.deploy
            && lhs.protect == rhs.protect
            && lhs.id == rhs.id
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(key)
        hasher.combine(location)
        hasher.combine(account)
        hasher.combine(name)
        hasher.combine(description)
        hasher.combine(template)
        hasher.combine(applications)
        hasher.combine(variables)
        hasher.combine(chain)
        hasher.combine(schedule)
        hasher.combine(deploy)
        hasher.combine(protect)
        hasher.combine(id)
    }
}

/// A workflow's scheduler: a Quartz cron expression and whether it is switched on.
public struct ScheduleSpec: Sendable, Hashable {
    public var cron: Sourced<CronExpression>
    public var enabled: Bool
    public var location: Mark

    public init(cron: Sourced<CronExpression>, enabled: Bool, location: Mark) {
        self.cron = cron
        self.enabled = enabled
        self.location = location
    }
}
