/// The body of `POST WorkflowScheduler` (the type name's misspelling is the server's): turns a
/// workflow's schedule on or off and sets its cron expression. `scheduleFrequency` (not
/// `schedulerFrequency`, as workflows spell it) travels in its JSON-in-a-string form,
/// `"{\"cronSchedule\":\"0 0/5 * ? * * *\"}"`.
public struct UpdateWorkfowSchedulerApiDto: Sendable, Hashable, Codable {
    public var workflowId: CanvasID
    public var isScheduled: Bool
    public var scheduleFrequency: SchedulerFrequency

    public init(workflowId: CanvasID, isScheduled: Bool, scheduleFrequency: SchedulerFrequency) {
        self.workflowId = workflowId
        self.isScheduled = isScheduled
        self.scheduleFrequency = scheduleFrequency
    }
}
