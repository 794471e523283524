public import JSONSupport

/// A wire model that a large list answer (`GET Workflows`, `GET RegApplications`) can be read
/// into straight from its JSON text, without `JSONDecoder`: at 10,000 workflows, `JSONDecoder`
/// took a tenth of a second of the CPU of every plan.
///
/// `init(listItem:)` reads exactly what `init(from:)` decodes, and throws wherever that would
/// throw or where the item is not in the plain shape it reads (a member repeated); the caller
/// then decodes the whole answer with `JSONDecoder` again, which stays the one source of error
/// messages.
public protocol ListDecodable: Decodable, Sendable {
    init(listItem cursor: inout JSONParser.Cursor) throws(JSONParser.Failure)
}

extension ListDecodable {
    /// A list answer's body read by the fast path; nil when any item needs `JSONDecoder`.
    static func list(fromJSON body: [UInt8]) -> [Self]? {
        try? JSONParser.read(body) { (cursor) throws(JSONParser.Failure) -> [Self] in
            var list: [Self] = []
            try cursor.items { (item) throws(JSONParser.Failure) in list.append(try Self(listItem: &item)) }
            return list
        }
    }
}

/// The members of a list item already read: the first of a repeated member is the one
/// `JSONDecoder` takes, so a repeat sends the item to it.
struct SeenMembers {
    private var seen: UInt64 = 0

    mutating func first(_ member: Int, at cursor: JSONParser.Cursor) throws(JSONParser.Failure) {
        let bit: UInt64 = 1 << UInt64(member)
        guard seen & bit == 0 else { throw cursor.failure("each member once") }
        seen |= bit
    }
}

/// Reading members as `JSONDecoder` reads them for a `decode` or `decodeIfPresent`: `null` is
/// nil for an optional, and a value of another type is a failure.
extension JSONParser.Cursor {
    mutating func optionalString() throws(JSONParser.Failure) -> String? {
        try null() ? nil : try string()
    }

    mutating func optionalBool() throws(JSONParser.Failure) -> Bool? {
        try null() ? nil : try bool()
    }

    /// An integer: a number with no fraction, within the range a Double holds exactly (beyond it,
    /// `JSONDecoder`, which reads the digits, decides).
    mutating func optionalInt() throws(JSONParser.Failure) -> Int? {
        if try null() { return nil }
        let number = try self.number()
        guard number.magnitude <= 9_007_199_254_740_992, let integer = Int(exactly: number) else { throw failure("an integer") }
        return integer
    }

    mutating func id() throws(JSONParser.Failure) -> CanvasID {
        guard let id = CanvasID(try string()) else { throw failure("a GUID") }
        return id
    }

    mutating func optionalID() throws(JSONParser.Failure) -> CanvasID? {
        try null() ? nil : try id()
    }

    mutating func optionalIDs() throws(JSONParser.Failure) -> [CanvasID]? {
        if try null() { return nil }
        var ids: [CanvasID] = []
        try items { (item) throws(JSONParser.Failure) in ids.append(try item.id()) }
        return ids
    }
}

extension Workflow: ListDecodable {
    public init(listItem cursor: inout JSONParser.Cursor) throws(JSONParser.Failure) {
        var seen = SeenMembers()
        var id: CanvasID?
        var name, description, status, dateCreated, dateModified, dateLastRun, dateNextSchedule: String?
        var isScheduled, isCustomizedStructure: Bool?
        var schedulerFrequency: SchedulerFrequency?
        var workflowTemplateId, accountId, organizationId: CanvasID?
        var regApplicationIds: [CanvasID]?
        var currentBlock: Int?
        let start = cursor
        try cursor.members { (member, key) throws(JSONParser.Failure) in
            switch key {
            case "id": try seen.first(0, at: member); id = try member.id()
            case "name": try seen.first(1, at: member); name = try member.optionalString()
            case "description": try seen.first(2, at: member); description = try member.optionalString()
            case "status": try seen.first(3, at: member); status = try member.optionalString()
            case "isScheduled": try seen.first(4, at: member); isScheduled = try member.optionalBool()
            case "schedulerFrequency":
                try seen.first(5, at: member)
                // As `init(from:)`: a schedule that cannot be read is taken as absent.
                switch try member.kind() {
                case .string:
                    let text = try member.string()
                    schedulerFrequency = try? SchedulerFrequency(encoded: text)
                case .object:
                    if case .object(let fields) = try member.value() {
                        schedulerFrequency = fields["cronSchedule"]?.stringValue.map(SchedulerFrequency.init(cronSchedule:))
                    }
                default:
                    try member.skip()
                }
            case "workflowTemplateId": try seen.first(6, at: member); workflowTemplateId = try member.optionalID()
            case "isCustomizedStructure": try seen.first(7, at: member); isCustomizedStructure = try member.optionalBool()
            case "accountId": try seen.first(8, at: member); accountId = try member.optionalID()
            case "organizationId": try seen.first(9, at: member); organizationId = try member.optionalID()
            case "dateCreated": try seen.first(10, at: member); dateCreated = try member.optionalString()
            case "dateModified": try seen.first(11, at: member); dateModified = try member.optionalString()
            case "dateLastRun": try seen.first(12, at: member); dateLastRun = try member.optionalString()
            case "dateNextSchedule": try seen.first(13, at: member); dateNextSchedule = try member.optionalString()
            case "regApplicationIds": try seen.first(14, at: member); regApplicationIds = try member.optionalIDs()
            case "currentBlock": try seen.first(15, at: member); currentBlock = try member.optionalInt()
            default: try member.skip()
            }
        }
        guard let id else { throw start.failure("a workflow with an id") }
        self.init(
            id: id, name: name, description: description, status: status, isScheduled: isScheduled,
            schedulerFrequency: schedulerFrequency, workflowTemplateId: workflowTemplateId,
            isCustomizedStructure: isCustomizedStructure, accountId: accountId, organizationId: organizationId,
            dateCreated: dateCreated, dateModified: dateModified, dateLastRun: dateLastRun, dateNextSchedule: dateNextSchedule,
            regApplicationIds: regApplicationIds, currentBlock: currentBlock
        )
    }
}

extension RegisteredApplication: ListDecodable {
    public init(listItem cursor: inout JSONParser.Cursor) throws(JSONParser.Failure) {
        var seen = SeenMembers()
        var id, applicationId, accountId: CanvasID?
        var shortName, name, tagText, description, dateModified, dateTimeUtcAuthenticated, dateTimeForReAuth: String?
        var isAuthenticated, isOAuthApp, sessionSlidingExpiry, faulted: Bool?
        var sessionTimeMins: Int?
        let start = cursor
        try cursor.members { (member, key) throws(JSONParser.Failure) in
            switch key {
            case "id": try seen.first(0, at: member); id = try member.id()
            case "shortName": try seen.first(1, at: member); shortName = try member.optionalString()
            case "accountId": try seen.first(2, at: member); accountId = try member.optionalID()
            case "applicationId": try seen.first(3, at: member); applicationId = try member.id()
            case "name": try seen.first(4, at: member); name = try member.optionalString()
            case "tagText": try seen.first(5, at: member); tagText = try member.optionalString()
            case "description": try seen.first(6, at: member); description = try member.optionalString()
            case "isAuthenticated": try seen.first(7, at: member); isAuthenticated = try member.optionalBool()
            case "isOAuthApp": try seen.first(8, at: member); isOAuthApp = try member.optionalBool()
            case "dateModified": try seen.first(9, at: member); dateModified = try member.optionalString()
            case "dateTimeUtcAuthenticated": try seen.first(10, at: member); dateTimeUtcAuthenticated = try member.optionalString()
            case "dateTimeForReAuth": try seen.first(11, at: member); dateTimeForReAuth = try member.optionalString()
            case "sessionTimeMins": try seen.first(12, at: member); sessionTimeMins = try member.optionalInt()
            case "sessionSlidingExpiry": try seen.first(13, at: member); sessionSlidingExpiry = try member.optionalBool()
            case "faulted": try seen.first(14, at: member); faulted = try member.optionalBool()
            default: try member.skip()
            }
        }
        guard let id, let applicationId else { throw start.failure("a registered application with an id and an applicationId") }
        self.init(
            id: id, shortName: shortName, accountId: accountId, applicationId: applicationId, name: name, tagText: tagText,
            description: description, isAuthenticated: isAuthenticated, isOAuthApp: isOAuthApp, dateModified: dateModified,
            dateTimeUtcAuthenticated: dateTimeUtcAuthenticated, dateTimeForReAuth: dateTimeForReAuth,
            sessionTimeMins: sessionTimeMins, sessionSlidingExpiry: sessionSlidingExpiry, faulted: faulted
        )
    }
}
