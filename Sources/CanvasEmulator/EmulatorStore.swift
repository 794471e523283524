import CanvasAPI
import Foundation

/// The emulator's data and every rule the API applies to it: one actor, so that concurrent requests
/// see each change whole, and so that an answer is only sent once its change is in the data file.
///
/// Each method is one endpoint's behaviour, taking the account the request was made for (the keys'
/// own account or the `ManagedAccountId`) and answering with the wire models of module CanvasAPI or
/// an ``EmulatorError``. An account only ever sees its own registered applications and workflows.
actor EmulatorStore {
    private var data: EmulatorData
    /// Where each registered application and workflow is in `data`, by id, so that a request finds
    /// its record without scanning the estate (at 10,000 workflows the scans were most of the
    /// emulator's time). Kept by every change that adds or removes a record.
    private var applicationPositions: [CanvasID: Int] = [:]
    private var workflowPositions: [CanvasID: Int] = [:]
    private let file: EmulatorDataFile?
    /// The catalog and templates: fixed, from ``EmulatorSeed``.
    nonisolated let catalog: [CatalogApplication]
    nonisolated let templates: [WorkflowTemplate]

    /// Bumped by every change; `savedVersion` is the last one known to be in the file.
    private var version = 0
    private var savedVersion = 0
    /// The write in progress, answering the version it saves. Changes made while it runs are saved
    /// together by the next write ("group commit"), so parallel clients do not queue one write each.
    private var saving: Task<Int, any Error>?

    init(data: EmulatorData, file: EmulatorDataFile?, catalog: [CatalogApplication] = EmulatorSeed.catalog, templates: [WorkflowTemplate] = EmulatorSeed.templates) {
        self.data = data
        self.file = file
        self.catalog = catalog
        self.templates = templates
        (applicationPositions, workflowPositions) = Self.positions(in: data)
    }

    /// A record to remove, by its position.
    private enum Removal {
        case application(at: Int)
        case workflow(at: Int)
    }

    private static func positions(in data: EmulatorData) -> (applications: [CanvasID: Int], workflows: [CanvasID: Int]) {
        (
            Dictionary(data.registeredApplications.enumerated().map { ($1.registration.id, $0) }, uniquingKeysWith: { first, _ in first }),
            Dictionary(data.workflows.enumerated().map { ($1.workflow.id, $0) }, uniquingKeysWith: { first, _ in first })
        )
    }

    var keys: (consumer: String, secret: String) { (data.consumerKey, data.secretKey) }

    // MARK: Accounts

    /// The account a request acts for: the `ManagedAccountId` when it names an account of the
    /// organisation, the keys' own account when there is none; nil (a 401) for any other id.
    func account(managedAccountId: CanvasID?) -> CanvasID? {
        guard let managedAccountId else { return EmulatorSeed.ownAccountId }
        return data.accounts.contains { $0.account.id == managedAccountId } ? managedAccountId : nil
    }

    /// `GET Accounts`: the organisation's active accounts, whichever account asks.
    func accounts() -> [Account] {
        data.accounts.filter(\.isActive).map(\.account)
    }

    /// `POST Account`.
    func addAccount(_ request: AddAccountApiDto) async throws(EmulatorError) -> CanvasID {
        let role = (request.role ?? "").trimmingCharacters(in: .whitespaces)
        let roleId: CanvasID
        let roleName: String
        switch role.lowercased() {
        // The document does not say what an absent role means; it is taken as User.
        case "", "user": (roleId, roleName) = (EmulatorSeed.userRoleId, "User")
        case "superpartner": (roleId, roleName) = (EmulatorSeed.superPartnerRoleId, "SuperPartner")
        // The document's sentence for Admin, used for every other role too.
        default: throw .badRequest("Role \(role) is not supported. Please use SuperPartner or User")
        }
        let email = request.email.trimmingCharacters(in: .whitespaces)
        guard !email.isEmpty else { throw .badRequest("You must enter a value for Email.") }
        if data.accounts.contains(where: { ($0.account.email ?? "").lowercased() == email.lowercased() }) {
            throw .badRequest("Account has already been created")
        }
        let account = Account(
            id: Self.newID(), firstName: request.firstName, lastName: request.lastName, email: email,
            organizationId: EmulatorSeed.organizationId, organizationName: EmulatorSeed.organizationName,
            roleId: roleId, role: roleName, dateCreated: EmulatorClock.timestamp()
        )
        try await change { data in
            data.accounts.append(EmulatorData.StoredAccount(account: account, isActive: request.isActive ?? true))
        }
        return account.id
    }

    // MARK: Registered applications

    /// `GET RegApplications` for a reader holding the answer made at version `known`: nil
    /// applications when nothing changed since, with the version the answer stands for.
    func registeredApplications(account: CanvasID, unlessUnchangedSince known: Int?) -> (version: Int, records: [RegisteredApplication]?) {
        (version, known == version ? nil : registeredApplications(account: account))
    }

    /// `GET RegApplications`.
    func registeredApplications(account: CanvasID) -> [RegisteredApplication] {
        var applications: [RegisteredApplication] = []
        applications.reserveCapacity(data.registeredApplications.count)
        for index in data.registeredApplications.indices where data.registeredApplications[index].registration.accountId == account {
            applications.append(data.registeredApplications[index].registration)
        }
        return applications
    }

    /// `POST RegApplication`.
    func registerApplication(_ request: AddRegApplicationApiDto, account: CanvasID) async throws(EmulatorError) -> CanvasID {
        guard let application = catalog.first(where: { $0.id == request.applicationId }) else {
            // Not documented; worded like the document's "Unknown workflow template <id>".
            throw .server("Unknown application \(request.applicationId)")
        }
        let credentials = try CredentialCheck(application: application).check(credentialsJson: request.credentialsJson, previous: nil)
        let now = EmulatorClock.timestamp()
        let tagText = request.tagText.trimmingCharacters(in: .whitespaces).isEmpty ? (application.name ?? "") : request.tagText
        let registration = RegisteredApplication(
            id: Self.newID(), shortName: application.shortName, accountId: account, applicationId: application.id,
            name: application.name, tagText: tagText, description: application.description, isAuthenticated: true,
            isOAuthApp: false, dateModified: now, dateTimeUtcAuthenticated: now, dateTimeForReAuth: now,
            sessionTimeMins: application.sessionTimeMins ?? 0, sessionSlidingExpiry: application.sessionSlidingExpiry ?? false,
            faulted: false
        )
        applicationPositions[registration.id] = data.registeredApplications.count
        try await change { data in
            data.registeredApplications.append(EmulatorData.StoredRegisteredApplication(registration: registration, credentials: credentials))
        }
        return registration.id
    }

    /// `POST RegApplication/{id}`: renames and/or re-authenticates. New credentials are merged over
    /// the stored ones (the document does not say whether a partial set replaces or merges) and the
    /// result must pass the same checks as on create.
    func editRegisteredApplication(_ id: CanvasID, _ request: EditRegApplicationApiDto, account: CanvasID) async throws(EmulatorError) {
        guard let index = registeredApplicationIndex(id, account: account) else { throw .undeclaredApplication }
        var stored = data.registeredApplications[index]
        let now = EmulatorClock.timestamp()
        if let credentialsJson = request.credentialsJson {
            guard let application = catalog.first(where: { $0.id == stored.registration.applicationId }) else { throw .undeclaredApplication }
            stored.credentials = try CredentialCheck(application: application).check(credentialsJson: credentialsJson, previous: stored.credentials)
            stored.registration.dateTimeUtcAuthenticated = now
            stored.registration.dateTimeForReAuth = now
            stored.registration.isAuthenticated = true
        }
        if let tagText = request.tagText {
            stored.registration.tagText = tagText
        }
        stored.registration.dateModified = now
        try await change { [stored] data in data.registeredApplications[index] = stored }
    }

    /// `GET DeleteRegApplication/{id}`: refused while a workflow of the account uses it. Every
    /// workflow counts as "active" here: the document does not say what makes one inactive.
    func deleteRegisteredApplication(_ id: CanvasID, account: CanvasID) async throws(EmulatorError) {
        guard let index = registeredApplicationIndex(id, account: account) else { throw .undeclaredApplication }
        let users = data.workflows.filter { $0.workflow.accountId == account && $0.applications.values.contains(id) }
        if !users.isEmpty {
            let ids = users.map(\.workflow.id.rawValue).joined(separator: ", ")
            throw .badRequest(
                "Deletion error: \nWe're unable to delete the application (\(id)) because it is in use within an active workflow(s): \(ids)\n"
                    + "Please ensure that the application is not being utilized in any workflows and try again.\n"
                    + "If you need further assistance, please contact support."
            )
        }
        try await remove(.application(at: index))
    }

    /// One registered application of the account, as `GET RegApplications` lists it; nil when
    /// there is none (the API has no endpoint for one).
    func registeredApplication(_ id: CanvasID, account: CanvasID) -> RegisteredApplication? {
        registeredApplicationIndex(id, account: account).map { data.registeredApplications[$0].registration }
    }

    private func registeredApplicationIndex(_ id: CanvasID, account: CanvasID) -> Int? {
        guard let index = applicationPositions[id], data.registeredApplications[index].registration.accountId == account else { return nil }
        return index
    }

    /// The account's registered applications among `ids`, by id.
    private func registeredApplications(_ ids: some Sequence<CanvasID>, account: CanvasID) -> [CanvasID: RegisteredApplication] {
        var found: [CanvasID: RegisteredApplication] = [:]
        for id in ids {
            if let index = registeredApplicationIndex(id, account: account) { found[id] = data.registeredApplications[index].registration }
        }
        return found
    }

    // MARK: Templates

    /// `GET WorkflowTemplates`: the list form the document shows, where block variables carry only
    /// `variableSource`, `variableName` and `value`, and template variables only `value`.
    nonisolated func workflowTemplateSummaries() -> [WorkflowTemplate] {
        templates.map { template in
            var summary = template
            summary.chain = template.chain?.map { block in
                var block = block
                block.variables = block.variables?.mapValues { variable in
                    BlockVariable(variableSource: variable.variableSource, variableName: variable.variableName, value: variable.value)
                }
                return block
            }
            summary.variables = template.variables?.mapValues { TemplateVariable(value: $0.value) }
            return summary
        }
    }

    /// `GET WorkflowTemplate/{id}`: the detailed form. The emulator has no drafts, so `isDraft`
    /// changes nothing. An unknown id gets the create call's "Unknown workflow template" error (the
    /// document shows none for this endpoint).
    nonisolated func workflowTemplate(_ id: CanvasID) throws(EmulatorError) -> WorkflowTemplate {
        guard let template = templates.first(where: { $0.id == id }) else { throw .server("Unknown workflow template \(id)") }
        return template
    }

    // MARK: Workflows

    /// `GET Workflows` for a reader holding the answer made at version `known`: nil workflows when
    /// nothing changed since, with the version the answer stands for.
    func workflows(account: CanvasID, unlessUnchangedSince known: Int?) -> (version: Int, records: [Workflow]?) {
        (version, known == version ? nil : workflows(account: account))
    }

    /// `GET Workflows`.
    func workflows(account: CanvasID) -> [Workflow] {
        // In one pass, by position: a filter first copied every stored workflow (its chain and
        // variables included) only to drop all but the workflow.
        var workflows: [Workflow] = []
        workflows.reserveCapacity(data.workflows.count)
        for index in data.workflows.indices where data.workflows[index].workflow.accountId == account {
            workflows.append(data.workflows[index].workflow)
        }
        return workflows
    }

    /// `GET Workflow/{id}`: an unknown id gets the update call's "Undeclared RegisteredCanvasWorkflow
    /// key" (the document shows no error for this endpoint).
    func workflow(_ id: CanvasID, account: CanvasID) throws(EmulatorError) -> Workflow {
        guard let index = workflowIndex(id, account: account) else { throw .undeclaredWorkflow }
        return data.workflows[index].workflow
    }

    /// `POST Workflow`.
    func addWorkflow(_ request: AddWorkflowApiDto, account: CanvasID) async throws(EmulatorError) -> CanvasID {
        let template = try workflowTemplate(request.workflowTemplateId)
        let check = WorkflowCheck(template: template, registeredApplications: registeredApplications(request.applications.values, account: account))
        try check.check(applications: request.applications, chain: request.chain ?? [], variables: request.variables ?? [:])
        let now = EmulatorClock.timestamp()
        let name = request.name.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } ?? template.name
        let chain = request.chain ?? []
        let workflow = Workflow(
            id: Self.newID(), name: name, description: request.description ?? "", status: "Ready", isScheduled: false,
            schedulerFrequency: SchedulerFrequency(cronSchedule: "0 0 * ? * *"), workflowTemplateId: template.id,
            isCustomizedStructure: !chain.isEmpty, accountId: account, organizationId: EmulatorSeed.organizationId,
            dateCreated: now, dateModified: now, dateLastRun: nil, dateNextSchedule: nil,
            regApplicationIds: check.regApplicationIds(request.applications), currentBlock: 0
        )
        let stored = EmulatorData.StoredWorkflow(
            workflow: workflow, applications: request.applications, chain: chain, variables: request.variables ?? [:], dateDeployed: nil
        )
        workflowPositions[workflow.id] = data.workflows.count
        try await change { data in data.workflows.append(stored) }
        return workflow.id
    }

    /// `POST Workflow/{id}`: what is given replaces what was there, key by key: application slots by
    /// shortName, blocks by uniqueBlockId, variables by name (the document does not say whether a
    /// partial map replaces the whole or merges; merging loses nothing).
    func editWorkflow(_ id: CanvasID, _ request: EditWorkflowApiDto, account: CanvasID) async throws(EmulatorError) {
        guard let index = workflowIndex(id, account: account) else { throw .undeclaredWorkflow }
        var stored = data.workflows[index]
        guard let templateId = stored.workflow.workflowTemplateId else { throw .undeclaredWorkflow }
        let template = try workflowTemplate(templateId)
        let check = WorkflowCheck(template: template, registeredApplications: registeredApplications((request.applications ?? [:]).values, account: account))
        try check.check(applications: request.applications ?? [:], chain: request.chain ?? [], variables: request.variables ?? [:])
        if let name = request.name { stored.workflow.name = name }
        if let description = request.description { stored.workflow.description = description }
        stored.applications.merge(request.applications ?? [:]) { _, new in new }
        for block in request.chain ?? [] {
            if let existing = stored.chain.firstIndex(where: { $0.uniqueBlockId == block.uniqueBlockId }) {
                stored.chain[existing] = block
            } else {
                stored.chain.append(block)
            }
        }
        stored.variables.merge(request.variables ?? [:]) { _, new in new }
        stored.workflow.regApplicationIds = check.regApplicationIds(stored.applications)
        if !(request.chain ?? []).isEmpty { stored.workflow.isCustomizedStructure = true }
        stored.workflow.dateModified = EmulatorClock.timestamp()
        try await change { [stored] data in data.workflows[index] = stored }
    }

    /// `GET DeployWorkflow/{id}`: recorded (in the data file only); nothing the documented reads show
    /// changes.
    func deployWorkflow(_ id: CanvasID, account: CanvasID) async throws(EmulatorError) {
        guard let index = workflowIndex(id, account: account) else { throw .undeclaredWorkflow }
        let now = EmulatorClock.timestamp()
        try await change { data in data.workflows[index].dateDeployed = now }
    }

    /// `GET DeleteWorkflow/{id}`.
    func deleteWorkflow(_ id: CanvasID, account: CanvasID) async throws(EmulatorError) {
        guard let index = workflowIndex(id, account: account) else { throw .undeclaredWorkflow }
        try await remove(.workflow(at: index))
    }

    /// `POST RunWorkflow`: nothing runs; the workflow's `dateLastRun` is set. Block numbers are only
    /// checked for being positive and in order (the document does not say whether they count from 0
    /// or 1, nor what it answers to a range it cannot run).
    func runWorkflow(_ request: RunMetadataApiDto, account: CanvasID) async throws(EmulatorError) {
        guard let index = workflowIndex(request.workflowId, account: account) else { throw .undeclaredWorkflow }
        if let from = request.runFromBlock, from < 0 { throw .badRequest("runFromBlock must not be negative.") }
        if let till = request.runTillBlock, till < 0 { throw .badRequest("runTillBlock must not be negative.") }
        if let from = request.runFromBlock, let till = request.runTillBlock, from > till {
            throw .badRequest("runFromBlock (\(from)) must not be greater than runTillBlock (\(till)).")
        }
        let now = EmulatorClock.timestampWithOffset()
        try await change { data in data.workflows[index].workflow.dateLastRun = now }
    }

    /// `POST WorkflowScheduler`: answers whether the schedule is now on. The cron expression is
    /// stored as given; `dateNextSchedule` stays null (the emulator computes no fire times).
    func updateScheduler(_ request: UpdateWorkfowSchedulerApiDto, account: CanvasID) async throws(EmulatorError) -> Bool {
        guard let index = workflowIndex(request.workflowId, account: account) else { throw .undeclaredWorkflow }
        let now = EmulatorClock.timestamp()
        try await change { data in
            data.workflows[index].workflow.isScheduled = request.isScheduled
            data.workflows[index].workflow.schedulerFrequency = request.scheduleFrequency
            data.workflows[index].workflow.dateModified = now
        }
        return request.isScheduled
    }

    private func workflowIndex(_ id: CanvasID, account: CanvasID) -> Int? {
        guard let index = workflowPositions[id], data.workflows[index].workflow.accountId == account else { return nil }
        return index
    }

    // MARK: Changes and the data file

    /// Applies `body` to the data and returns once the result is in the data file (at once when
    /// there is none). The change is made before the write, with no suspension in between, so the
    /// index a caller found is still valid; a failed write answers 500, with the change kept in
    /// memory for the next write to save.
    private func change(_ body: (inout EmulatorData) -> Void) async throws(EmulatorError) {
        body(&data)
        version += 1
        try await save(upTo: version)
    }

    /// Removes a record, as ``change(_:)`` makes a change. The records after it move up: their
    /// positions are updated before the suspension, so no other request sees them stale.
    private func remove(_ removal: Removal) async throws(EmulatorError) {
        switch removal {
        case .application(let index):
            applicationPositions[data.registeredApplications.remove(at: index).registration.id] = nil
            for position in index..<data.registeredApplications.count {
                applicationPositions[data.registeredApplications[position].registration.id] = position
            }
        case .workflow(let index):
            workflowPositions[data.workflows.remove(at: index).workflow.id] = nil
            for position in index..<data.workflows.count { workflowPositions[data.workflows[position].workflow.id] = position }
        }
        version += 1
        try await save(upTo: version)
    }

    /// Writes the data until the file holds at least `target`.
    private func save(upTo target: Int) async throws(EmulatorError) {
        guard let file else {
            savedVersion = version
            return
        }
        while savedVersion < target {
            let task: Task<Int, any Error>
            if let saving {
                task = saving
            } else {
                let snapshot = data
                let snapshotVersion = version
                task = Task.detached {
                    try file.save(snapshot)
                    return snapshotVersion
                }
                saving = task
            }
            let result = await task.result
            if saving == task { saving = nil }
            switch result {
            case .success(let saved):
                savedVersion = max(savedVersion, saved)
            case .failure(let error):
                throw .server("The emulator could not write its data file: \(error)")
            }
        }
    }

    /// Writes the data now, whatever changed: used on start, so a new data file exists (with its
    /// keys) before the first request.
    func saveNow() async throws(EmulatorError) {
        version += 1
        try await save(upTo: version)
    }

    private static func newID() -> CanvasID {
        guard let id = CanvasID(UUID().uuidString) else { preconditionFailure("UUID is not a GUID") }
        return id
    }
}
