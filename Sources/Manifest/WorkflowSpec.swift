public import OrderedCollections
public import YAML

/// A registered workflow as a manifest declares it (`workflows.KEY`): the template it is built from,
/// the applications filling the template's slots, its variables and chain settings, its schedule.
public struct WorkflowSpec: Sendable, Hashable {
    public var key: String
    public var location: Mark
    /// The ManagedAccountId of the document, lower-cased; nil for the API keys' own account.
    public var account: String?
    /// The workflow's name; the key when not given.
    public var name: Sourced<String>
    public var description: Sourced<String>?
    /// The workflow template: its name or id.
    public var template: Sourced<String>
    /// Template application slot (shortName) to application key (`applications.KEY` of this set).
    public var applications: OrderedDictionary<String, Sourced<String>>
    /// Workflow variables by the template's variable names.
    public var variables: OrderedDictionary<String, Sourced<VariableValue>>
    /// Per-block settings: block (blockName or uniqueBlockId) to its variables.
    public var chain: OrderedDictionary<String, OrderedDictionary<String, Sourced<ChainVariable>>>
    /// The scheduler; nil leaves it off.
    public var schedule: ScheduleSpec?
    /// Call DeployWorkflow after every create or change.
    public var deploy: Bool
    /// Refuse plans that delete or replace it.
    public var protect: Bool
    public var id: Sourced<String>?

    public var address: String { "workflow.\(key)" }

    public init(
        key: String, location: Mark, account: String?, name: Sourced<String>, description: Sourced<String>? = nil,
        template: Sourced<String>, applications: OrderedDictionary<String, Sourced<String>> = [:],
        variables: OrderedDictionary<String, Sourced<VariableValue>> = [:],
        chain: OrderedDictionary<String, OrderedDictionary<String, Sourced<ChainVariable>>> = [:],
        schedule: ScheduleSpec? = nil, deploy: Bool = false, protect: Bool = false, id: Sourced<String>? = nil
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
