/// One item of `GET Workflows`, and the body of `GET Workflow/{id}`: a workflow of an account, built
/// from a template with registered applications. This is the live state a manifest's workflow is
/// compared with. The documented responses carry no `chain` or `variables`, so what was sent on
/// create or update cannot be read back.
public struct Workflow: Sendable, Hashable, Codable {
    public var id: CanvasID
    public var name: String?
    public var description: String?
    /// `"Ready"`, …
    public var status: String?
    /// Whether the schedule is on. A new workflow already has a `schedulerFrequency` while this is
    /// false: only this flag says whether it runs on schedule.
    public var isScheduled: Bool?
    /// The schedule, read from (and written back as) its JSON-in-a-string form.
    public var schedulerFrequency: SchedulerFrequency?
    /// Null for workflows not created from a template.
    public var workflowTemplateId: CanvasID?
    public var isCustomizedStructure: Bool?
    public var accountId: CanvasID?
    public var organizationId: CanvasID?
    public var dateCreated: String?
    public var dateModified: String?
    /// With an offset (`"2022-04-12T10:35:32.731+00:00"`), unlike `dateCreated`.
    public var dateLastRun: String?
    public var dateNextSchedule: String?
    /// The registered applications the workflow uses. The document's examples cut this list off
    /// (but for one empty list); taken to be GUID strings.
    public var regApplicationIds: [CanvasID]?
    /// The block the workflow last ran or stopped at.
    public var currentBlock: Int?

    public init(
        id: CanvasID, name: String? = nil, description: String? = nil, status: String? = nil,
        isScheduled: Bool? = nil, schedulerFrequency: SchedulerFrequency? = nil, workflowTemplateId: CanvasID? = nil,
        isCustomizedStructure: Bool? = nil, accountId: CanvasID? = nil, organizationId: CanvasID? = nil,
        dateCreated: String? = nil, dateModified: String? = nil, dateLastRun: String? = nil,
        dateNextSchedule: String? = nil, regApplicationIds: [CanvasID]? = nil, currentBlock: Int? = nil
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.status = status
        self.isScheduled = isScheduled
        self.schedulerFrequency = schedulerFrequency
        self.workflowTemplateId = workflowTemplateId
        self.isCustomizedStructure = isCustomizedStructure
        self.accountId = accountId
        self.organizationId = organizationId
        self.dateCreated = dateCreated
        self.dateModified = dateModified
        self.dateLastRun = dateLastRun
        self.dateNextSchedule = dateNextSchedule
        self.regApplicationIds = regApplicationIds
        self.currentBlock = currentBlock
    }
}

extension Workflow {
    /// Decodes like the synthesized initializer, except that a `schedulerFrequency` that cannot be
    /// read (empty, or a bare cron string instead of the JSON-in-a-string form) is taken as absent:
    /// one odd workflow must not make the whole `GET Workflows` list unreadable.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(CanvasID.self, forKey: .id),
            name: try container.decodeIfPresent(String.self, forKey: .name),
            description: try container.decodeIfPresent(String.self, forKey: .description),
            status: try container.decodeIfPresent(String.self, forKey: .status),
            isScheduled: try container.decodeIfPresent(Bool.self, forKey: .isScheduled),
            schedulerFrequency: (try? container.decodeIfPresent(SchedulerFrequency.self, forKey: .schedulerFrequency)) ?? nil,
            workflowTemplateId: try container.decodeIfPresent(CanvasID.self, forKey: .workflowTemplateId),
            isCustomizedStructure: try container.decodeIfPresent(Bool.self, forKey: .isCustomizedStructure),
            accountId: try container.decodeIfPresent(CanvasID.self, forKey: .accountId),
            organizationId: try container.decodeIfPresent(CanvasID.self, forKey: .organizationId),
            dateCreated: try container.decodeIfPresent(String.self, forKey: .dateCreated),
            dateModified: try container.decodeIfPresent(String.self, forKey: .dateModified),
            dateLastRun: try container.decodeIfPresent(String.self, forKey: .dateLastRun),
            dateNextSchedule: try container.decodeIfPresent(String.self, forKey: .dateNextSchedule),
            regApplicationIds: try container.decodeIfPresent([CanvasID].self, forKey: .regApplicationIds),
            currentBlock: try container.decodeIfPresent(Int.self, forKey: .currentBlock)
        )
    }
}
