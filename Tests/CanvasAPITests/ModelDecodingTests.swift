import CanvasAPI
import Foundation
import Testing
import JSONSupport

/// Every example body of the Canvas document (Fixtures/, reconstructed verbatim; see Fixtures/README.md)
/// decodes into its wire model with the documented values, and survives an encode/decode round trip.
struct ModelDecodingTests {
    // MARK: - Help and accounts

    @Test("GetMetaData lists every action, two of them named Workflow")
    func getMetaData() throws {
        let methods = try ModelFixture.decode([ApiMethodDescription].self, "get-meta-data.json")
        #expect(methods.count == 15)
        #expect(methods.first == ApiMethodDescription(
            name: "GetMetaData", parameters: "", verb: "GET", authenticate: false,
            description: "Returns controllers actions", returns: "JSON array"
        ))
        #expect(methods.map(\.name).filter { $0 == "Workflow" }.count == 2)
        let scheduler = try #require(methods.first { $0.name == "WorkflowScheduler" })
        #expect(scheduler.parameters == "[FromBody]UpdateWorkfowSchedulerApiDto scheduler")
        #expect(scheduler.verb == "POST")
        #expect(scheduler.returns == "")
        #expect(methods.first { $0.name == "DeleteWorkflow" }?.verb == "GET")
        #expect(methods.first { $0.name == "Authenticate" }?.returns == "boolean")
        #expect(methods.allSatisfy { $0.authenticate == false })
        #expect(methods.last?.name == "Account")
    }

    @Test("Describe?name=AddWorkflowApiDto gives types and required flags")
    func describeAddWorkflowApiDto() throws {
        let properties = try ModelFixture.decode([PropertyDescription].self, "describe-add-workflow-api-dto.json")
        #expect(properties.map(\.propertyName) == ["workflowTemplateId", "name", "description", "applications", "chain"])
        #expect(properties[0] == PropertyDescription(typeName: "guid", propertyName: "workflowTemplateId", genericParameters: "", isRequired: true))
        #expect(properties[3].typeName == "dictionary")
        #expect(properties[3].genericParameters == "string,guid")
        #expect(properties[3].isRequired == true)
        #expect(properties[4].typeName == "iEnumerable")
        #expect(properties[4].genericParameters == "chainApiDto")
        #expect(properties[4].isRequired == false)
    }

    @Test("Accounts decode with their ids, the zero organization id and dates as written")
    func accounts() throws {
        let accounts = try ModelFixture.decode([Account].self, "accounts.json")
        #expect(accounts.count == 3)
        #expect(accounts[0] == Account(
            id: guid("aae3f328-a561-4171-a0e9-19f6047c154b"), firstName: "John", lastName: "Smith", email: "",
            organizationId: guid("00000000-0000-0000-0000-000000000000"), organizationName: "ConnectMyApps AS",
            roleId: guid("cff56fc9-854b-4b63-b06f-5c447b93e305"), role: "User", dateCreated: "2020-05-07T19:10:36.69"
        ))
        #expect(accounts.map(\.firstName) == ["John", "Walter", "Petter"])
        #expect(accounts.map(\.dateCreated) == ["2020-05-07T19:10:36.69", "2017-03-01T08:51:32.31", "2013-06-01T18:56:22.763"])
    }

    @Test("the Account body decodes, and its missing role and isActive stay absent when encoded")
    func addAccount() throws {
        let body = try ModelFixture.decode(AddAccountApiDto.self, "add-account.json")
        #expect(body == AddAccountApiDto(firstName: "John", lastName: "Smeet", email: "john.smmet@\u{0441}"))
        #expect(body.role == nil && body.isActive == nil)
        #expect(try encodedKeys(body) == ["email", "firstName", "lastName"])
        let full = AddAccountApiDto(firstName: "A", lastName: "B", email: "a@b.c", role: "SuperPartner", isActive: false)
        #expect(try encodedObject(full)["isActive"] as? Bool == false)
        #expect(try roundTrip(full) == full)
    }

    // MARK: - Applications

    @Test("the catalog decodes with PascalCase credential fields, and Quinyx's environment is a select live/test")
    func applications() throws {
        let applications = try ModelFixture.decode([CatalogApplication].self, "applications.json")
        #expect(applications.map(\.shortName) == ["TASO", "QUIN", "HRTM"])

        let talentsoft = applications[0]
        #expect(talentsoft.id == guid("07ffd13d-ba57-4d1b-9c46-03c5c919eed0"))
        #expect(talentsoft.tag == "Hr, Premium")
        #expect(talentsoft.credentialFields?.map(\.shortName) == ["baseUrl", "client_id", "client_secret"])
        #expect(talentsoft.credentialFields?.allSatisfy { $0.options == nil && $0.choices.isEmpty } == true)
        #expect(talentsoft.credentialsJson == ["baseUrl": .null, "client_id": .null, "client_secret": .null])

        let quinyx = applications[1]
        #expect(quinyx.id == guid("97cbc3b3-32c7-4e4a-b788-a332ea82aeff"))
        #expect(quinyx.name == "Quinyx")
        #expect(quinyx.description == "Workforce planning")
        #expect(quinyx.vendorUrl == "")
        #expect(quinyx.tag == "Scheduling,Planning,Premium")
        #expect(quinyx.sessionTimeMins == 0)
        #expect(quinyx.sessionSlidingExpiry == false)
        #expect(quinyx.credentialsJson == ["apikey": nil, "environment": nil])
        let fields = try #require(quinyx.credentialFields)
        #expect(fields[0] == CredentialField(
            shortName: "apikey", name: "API key", type: "text", value: "", optional: false,
            desc: "Your Quinyx API key", hidden: false
        ))
        let environment = fields[1]
        #expect(environment.shortName == "environment")
        #expect(environment.name == "Environment")
        #expect(environment.type == "select")
        #expect(environment.value == "")
        #expect(environment.options == "live|Live Environment,test|Test Environment")
        #expect(environment.optional == false)
        #expect(environment.hidden == false)
        #expect(environment.desc == "Choose which Quinyx environment you wish to use, live or test.")
        #expect(environment.choices == [
            .init(value: "live", label: "Live Environment"),
            .init(value: "test", label: "Test Environment"),
        ])

        #expect(applications[2].credentialFields?.map(\.name) == ["Customer alias", "Your API key"])
    }

    @Test("credential fields encode with their PascalCase keys")
    func credentialFieldKeys() throws {
        let field = CredentialField(shortName: "environment", type: "select", options: "live|Live", optional: false)
        #expect(try encodedKeys(field) == ["Optional", "Options", "ShortName", "Type"])
    }

    @Test("choices: white space trimmed, an item without a label is its own label, empty items skipped")
    func credentialChoices() {
        let field = CredentialField(shortName: "x", options: " a|Alpha , b|Beta,,c, |Nothing")
        #expect(field.choices == [
            .init(value: "a", label: "Alpha"), .init(value: "b", label: "Beta"), .init(value: "c", label: "c"),
        ])
        #expect(CredentialField(shortName: "x", options: "").choices.isEmpty)
        #expect(CredentialField(shortName: "x").choices.isEmpty)
    }

    @Test("registered applications decode; a null dateTimeUtcAuthenticated is accepted and stays absent")
    func regApplications() throws {
        let registered = try ModelFixture.decode([RegisteredApplication].self, "reg-applications.json")
        #expect(registered.map(\.shortName) == ["QUIN", "MSQL", "CMAF", "FTP"])
        #expect(registered[0] == RegisteredApplication(
            id: guid("fda1f9ee-4c7f-4e0a-a459-2e434dbbef7d"), shortName: "QUIN",
            accountId: guid("e39bc2a3-a730-4cc9-949c-9a5cb516008e"),
            applicationId: guid("97cbc3b3-32c7-4e4a-b788-a332ea82aeff"), name: "Quinyx", tagText: "N-Quinyx",
            description: "Workforce planning", isAuthenticated: true, isOAuthApp: false,
            dateModified: "2022-04-19T15:56:22.1133746", dateTimeUtcAuthenticated: "2022-04-19T15:56:22.0345429",
            dateTimeForReAuth: "2022-04-19T15:56:22.0345429", sessionTimeMins: 0, sessionSlidingExpiry: false,
            faulted: false
        ))
        let fileHub = registered[2]
        #expect(fileHub.name == "File Hub")
        #expect(fileHub.dateTimeUtcAuthenticated == nil)
        #expect(fileHub.dateTimeForReAuth == nil)
        #expect(fileHub.isAuthenticated == true)
        #expect(try !encodedKeys(fileHub).contains("dateTimeUtcAuthenticated"))

        // The registration points at the catalog item of the same application.
        let catalog = try ModelFixture.decode([CatalogApplication].self, "applications.json")
        #expect(catalog.first { $0.shortName == "QUIN" }?.id == registered[0].applicationId)
    }

    @Test("RegApplication body 1: credentialsJson is a string holding a JSON object")
    func addRegApplication1() throws {
        let body = try ModelFixture.decode(AddRegApplicationApiDto.self, "add-reg-application-1.json")
        #expect(body.applicationId == guid("97cbc3b3-32c7-4e4a-b788-a332ea82aeff"))
        #expect(body.tagText == "Quinyx 2022-04-28")
        #expect(body.credentialsJson == #"{"apikey":"e16d092b-577a-4d49-ae1e-87b993dc5fa9","environment": "test"}"#)
        #expect(body.credentials == ["apikey": "e16d092b-577a-4d49-ae1e-87b993dc5fa9", "environment": "test"])
        #expect(try encodedObject(body)["credentialsJson"] as? String == body.credentialsJson)
    }

    @Test("RegApplication body 2: nulls and a boolean inside credentialsJson")
    func addRegApplication2() throws {
        let body = try ModelFixture.decode(AddRegApplicationApiDto.self, "add-reg-application-2.json")
        #expect(body.applicationId == guid("5f814909-01ea-4395-96ee-5ba7614128fc"))
        #expect(body.tagText == "FTP 2022-05-03")
        #expect(body.credentials == ["username": nil, "password": nil, "port": nil, "address": nil, "secure": true])
    }

    @Test("the credentials helper writes compact JSON with sorted keys, and descriptions hide the values")
    func addRegApplicationHelper() throws {
        let body = AddRegApplicationApiDto(
            applicationId: guid("5f814909-01ea-4395-96ee-5ba7614128fc"), tagText: "FTP",
            credentials: ["username": "ftp", "password": "s3cr3t\"/x", "port": 21, "address": nil, "secure": true]
        )
        #expect(body.credentialsJson == #"{"address":null,"password":"s3cr3t\"/x","port":21,"secure":true,"username":"ftp"}"#)
        #expect(body.credentials?["password"] == "s3cr3t\"/x")
        #expect(!"\(body)".contains("s3cr3t"))
        #expect("\(body)".contains("password"))
        #expect(try roundTrip(body) == body)
    }

    @Test("the RegApplication/{id} body decodes, and a nil field stays absent")
    func editRegApplication() throws {
        let body = try ModelFixture.decode(EditRegApplicationApiDto.self, "edit-reg-application.json")
        #expect(body.tagText == "Quinyx 2022-04-28")
        #expect(body.credentials == ["apikey": "e16d092b-577a-4d49-ae1e-87b993dc5fa9", "environment": "test"])
        #expect(!String(describing: body).contains("e16d092b"))
        let rename = EditRegApplicationApiDto(tagText: "New name")
        #expect(try encodedKeys(rename) == ["tagText"])
        let reauth = EditRegApplicationApiDto(credentials: ["apikey": "k"])
        #expect(reauth.credentialsJson == #"{"apikey":"k"}"#)
        #expect(reauth.tagText == nil)
    }

    // MARK: - Templates

    @Test("the template list decodes its chain, bound block variables and the lookup table value")
    func workflowTemplates() throws {
        let templates = try ModelFixture.decode([WorkflowTemplate].self, "workflow-templates.json")
        let template = try #require(templates.first)
        #expect(templates.count == 1)
        #expect(template.id == guid("c35de990-ccfa-4aab-966e-96e0b3044d71"))
        #expect(template.name == "Demo workflow")
        #expect(template.description == "")
        #expect(template.dateCreated == "2022-09-28T11:54:58.444")
        #expect(template.dateModified == "2024-04-28T18:22:52.4183776")
        #expect(template.state == "Published")
        #expect(template.version == "0.0.6")
        #expect(template.draftIsCommitted == true)
        #expect(template.dateCommitted == "2024-04-28T18:22:52.4183776")
        #expect(template.organizationId == nil)
        #expect(template.applications?.map(\.shortName) == ["TASO", "HRTM"])

        let chain = try #require(template.chain)
        #expect(chain.map(\.blockName) == ["Get Employees", "Mapper", "Post Employees"])
        #expect(chain.map(\.uniqueBlockId) == [
            guid("bab5609e-cc2d-4c22-b1a8-21b65e6c419d"), guid("91c36eb8-ddc2-4429-9a77-83bbdcc44e08"),
            guid("436294d6-d14d-4b71-bc88-fa50213c2a48"),
        ])
        #expect(chain[0].variables == [
            "amountToObtain": BlockVariable(variableSource: 2, variableName: "amountToObtainWfQ", value: "10"),
        ])
        #expect(chain[1].variables == [:])

        #expect(template.variables?["amountToObtainWfQ"] == TemplateVariable(value: "10"))
        #expect(template.variables?["locationsMapping"]?.value == Self.locationsTable)
    }

    @Test("the template detail decodes variable metadata: types, required flags, null and [] options")
    func workflowTemplate() throws {
        let template = try ModelFixture.decode(WorkflowTemplate.self, "workflow-template.json")
        #expect(template.id == guid("c35de990-ccfa-4aab-966e-96e0b3044d71"))
        #expect(template.version == "0.0.6")

        let block = try #require(template.chain?.first?.variables?["amountToObtain"])
        #expect(block == BlockVariable(
            variableSource: 2, variableName: "amountToObtainWfQ", value: "10", tagName: "amountToObtain",
            name: "Amount to obtain", description: "Specify how many employees should be obtained", type: "INPUT",
            isRequired: true, options: nil, multiple: false
        ))

        let amount = try #require(template.variables?["amountToObtainWfQ"])
        #expect(amount.tagName == "amountToObtainWfQ")
        #expect(amount.name == "What amount of employees should be obtained?")
        #expect(amount.description?.hasPrefix("The \"Get Employees\" block requires a number") == true)
        #expect(amount.value == "10")
        #expect(amount.type == "INPUT")
        #expect(amount.isRequired == true)
        #expect(amount.options == nil)
        #expect(amount.multiple == false)

        let locations = try #require(template.variables?["locationsMapping"])
        #expect(locations.tagName == "LocationsMapping")
        #expect(locations.name == "Locaitons")
        #expect(locations.description == nil)
        #expect(locations.type == "LOOKUP_TABLE")
        #expect(locations.options == .array([]))
        #expect(locations.optionsPath == nil && locations.dataSource == nil && locations.dataTarget == nil)
        #expect(locations.value == Self.locationsTable)
        #expect(locations.value?["table"]?.arrayValue?.compactMap { $0["source"]?.stringValue } == ["Oslo", "Bergen"])
    }

    static let locationsTable: JSONValue = [
        "table": [["source": "Oslo", "target": nil], ["source": "Bergen", "target": nil]],
        "default": nil,
    ]

    // MARK: - Workflows

    @Test("workflows decode their schedules from the JSON-in-a-string form, whatever the white space")
    func workflows() throws {
        let workflows = try ModelFixture.decode([Workflow].self, "workflows.json")
        #expect(workflows.map(\.name) == [
            "Quinyx Employee Export Into FTP(CSV)", "Order transferring", "QuinyxRandom", "BigResponse",
            "SpecialSymbols", "Random",
        ])

        let export = workflows[0]
        #expect(export.schedulerFrequency == SchedulerFrequency(cronSchedule: "0 0 * ? * *"))
        #expect(export.isScheduled == false)
        #expect(export.workflowTemplateId == guid("bbe52876-aca2-4ece-ba31-11e0d98ddc19"))
        #expect(export.isCustomizedStructure == true)
        #expect(export.dateNextSchedule == nil)
        #expect(export.dateLastRun == "2022-04-12T10:35:32.731+00:00")
        #expect(export.currentBlock == 5)

        let random = try #require(workflows.first { $0.name == "QuinyxRandom" })
        #expect(random.id == guid("a78cee1b-adca-4777-9261-f86e4640e7db"))
        #expect(random.isScheduled == true)
        #expect(random.schedulerFrequency?.cronSchedule == "0 0 2,6 ? * TUE *")
        #expect(random.dateNextSchedule == "2022-05-03T02:00:00+00:00")
        #expect(random.accountId == guid("be4f3f1e-0e6d-4f68-b8d8-546163c5dfad"))
        #expect(random.organizationId == guid("00000000-0000-0000-0000-000000000000"))

        #expect(workflows[1].schedulerFrequency?.cronSchedule == "0 0 0/1 ? * * *")
        #expect(workflows[1].workflowTemplateId == nil)
        #expect(workflows.map(\.currentBlock) == [5, 3, 3, 0, 1, 4])
        #expect(workflows[3].regApplicationIds == [])
        #expect(workflows.allSatisfy { $0.status == "Ready" })

        // Encoding writes the compact string form back.
        #expect(try encodedObject(random)["schedulerFrequency"] as? String == #"{"cronSchedule":"0 0 2,6 ? * TUE *"}"#)
        #expect(try encodedObject(export)["schedulerFrequency"] as? String == #"{"cronSchedule":"0 0 * ? * *"}"#)
    }

    @Test("Workflow/{id} decodes")
    func workflow() throws {
        let workflow = try ModelFixture.decode(Workflow.self, "workflow.json")
        #expect(workflow == Workflow(
            id: guid("b459cf22-ad18-44bf-80dc-6e8b78be1cc5"), name: "Order transferring",
            description: "Transfer orders from MyStore into Tripletex invoices with payments", status: "Ready",
            isScheduled: false, schedulerFrequency: SchedulerFrequency(cronSchedule: "0 0 0/1 ? * * *"),
            workflowTemplateId: nil, isCustomizedStructure: false, accountId: guid("be4f3f1e-0e6d-4f68-b8d8-546163c5dfad"),
            organizationId: guid("00000000-0000-0000-0000-000000000001"), dateCreated: "2022-03-24T18:08:22.2543998",
            dateModified: "2022-04-12T10:36:56.478261", dateLastRun: "2022-04-12T10:36:57.877+00:00",
            dateNextSchedule: "2022-04-05T17:00:00+00:00", regApplicationIds: [], currentBlock: 3
        ))
    }

    @Test("the Workflow body decodes; its stray top-level uniqueBlockId is ignored and badgeNo stays a JSON null")
    func addWorkflow() throws {
        let body = try ModelFixture.decode(AddWorkflowApiDto.self, "add-workflow.json")
        #expect(body == AddWorkflowApiDto(
            workflowTemplateId: guid("bbe52876-aca2-4ece-ba31-11e0d98ddc19"),
            name: "Test Quinyx Employee Export Into FTP(CSV)",
            applications: ["QUIN": guid("e3320a16-4b20-4e33-840f-2f5d28e3e1ca"), "FTP": guid("0741b73d-2b13-4a4a-a0c2-2ffad9548e06")],
            chain: nil,
            variables: ["apiKeys": ["xxxx-xxxx-xxxx-xxxx"], "badgeNo": .null]
        ))
        let object = try encodedObject(body)
        #expect(object["uniqueBlockId"] == nil)
        #expect((object["variables"] as? [String: Any])?["badgeNo"] is NSNull)
        #expect(object["description"] == nil)
    }

    @Test("the Workflow/{id} body decodes its chain variables and workflow variables; value null is written back")
    func editWorkflow() throws {
        let body = try ModelFixture.decode(EditWorkflowApiDto.self, "edit-workflow.json")
        #expect(body.name == "test UCIN-1021-UPD1")
        #expect(body.description == "description-UPD1")
        #expect(body.applications == ["MYST2": guid("25a49bb8-2848-4e84-baf6-a2c294efdeae")])
        let block = try #require(body.chain?.first)
        #expect(body.chain?.count == 1)
        #expect(block.uniqueBlockId == guid("357e9a39-b0bd-47df-8f39-c883336dcf14"))
        #expect(block.blockName == "test lookup2")
        #expect(block.variables == [
            "lt1": ChainVariableApiDto(variableSource: 2, variableName: "lt1", value: nil),
            "testValue": ChainVariableApiDto(variableSource: 2, variableName: "testValue1", value: nil),
            "country": ChainVariableApiDto(variableSource: 2, variableName: "country", value: nil),
            "city": ChainVariableApiDto(variableSource: 2, variableName: "city", value: nil),
        ])
        #expect(body.variables == [
            "lt1": ["table": [["source": "1", "target": "2"]], "default": "1"],
            "testValue1": "123",
            "country": "2",
            "city": "3",
        ])

        let chain = try #require(encodedObject(body)["chain"] as? [[String: Any]])
        let variables = try #require(chain.first?["variables"] as? [String: [String: Any]])
        #expect(variables["lt1"]?["value"] is NSNull)
        #expect(variables["testValue"]?["variableName"] as? String == "testValue1")
    }

    @Test("a chain variable writes value null but leaves out the other nil fields")
    func chainVariableEncoding() throws {
        let object = try encodedObject(ChainVariableApiDto(variableName: "city"))
        #expect(Set(object.keys) == ["variableName", "value"])
        #expect(object["value"] is NSNull)
        #expect(try encodedObject(ChainVariableApiDto(value: 10))["value"] as? Int == 10)
    }

    @Test("the three RunWorkflow bodies decode, and absent block numbers stay absent")
    func runWorkflow() throws {
        let workflowId = guid("0fdfd78c-258f-49ed-9e8c-faef9d6598fa")
        let byDefault = try ModelFixture.decode(RunMetadataApiDto.self, "run-workflow-1.json")
        #expect(byDefault == RunMetadataApiDto(workflowId: workflowId))
        #expect(try encodedKeys(byDefault) == ["workflowId"])
        #expect(try ModelFixture.decode(RunMetadataApiDto.self, "run-workflow-2.json") == RunMetadataApiDto(workflowId: workflowId, runTillBlock: 2))
        #expect(try ModelFixture.decode(RunMetadataApiDto.self, "run-workflow-3.json") == RunMetadataApiDto(workflowId: workflowId, runFromBlock: 2, runTillBlock: 4))
    }

    @Test("the WorkflowScheduler body decodes, and encodes scheduleFrequency as a string")
    func workflowScheduler() throws {
        let body = try ModelFixture.decode(UpdateWorkfowSchedulerApiDto.self, "workflow-scheduler.json")
        #expect(body == UpdateWorkfowSchedulerApiDto(
            workflowId: guid("0fdfd78c-258f-49ed-9e8c-faef9d6598fa"), isScheduled: true,
            scheduleFrequency: SchedulerFrequency(cronSchedule: "0 0/5 * ? * * *")
        ))
        let object = try encodedObject(body)
        #expect(object["scheduleFrequency"] as? String == #"{"cronSchedule":"0 0/5 * ? * * *"}"#)
        #expect(object["isScheduled"] as? Bool == true)
        #expect(object["workflowId"] as? String == "0fdfd78c-258f-49ed-9e8c-faef9d6598fa")
    }

    // MARK: - Schedules

    @Test("a schedule string is read with any white space and written compact")
    func schedulerFrequencyForms() throws {
        #expect(try SchedulerFrequency(encoded: "{ \"cronSchedule\": \"0 0 * ? * *\"}").cronSchedule == "0 0 * ? * *")
        #expect(try SchedulerFrequency(encoded: #"{"cronSchedule":"0 0 2,6 ? * TUE *"}"#).cronSchedule == "0 0 2,6 ? * TUE *")
        #expect(try SchedulerFrequency(encoded: "\n{\t\"cronSchedule\" :\r\n \"0 15 10 ? * MON-FRI\" , \"other\": 1 }\n").cronSchedule == "0 15 10 ? * MON-FRI")
        // As JSONDecoder reads an object, the first of repeated members counts.
        #expect(try SchedulerFrequency(encoded: #"{"cronSchedule":"0 0 * ? * *","cronSchedule":5}"#).cronSchedule == "0 0 * ? * *")
        #expect(SchedulerFrequency(cronSchedule: "0 0/5 * ? * * *").encoded == #"{"cronSchedule":"0 0/5 * ? * * *"}"#)
        #expect(SchedulerFrequency(cronSchedule: #"a "b" \c"#).encoded == #"{"cronSchedule":"a \"b\" \\c"}"#)
    }

    @Test("a schedule string that is not a cronSchedule object is refused, but leaves its workflow readable", arguments: [
        "", "0 0 * ? * *", "{}", #"{"cron":"0 0 * ? * *"}"#, #"{"cronSchedule":5}"#, "[]", "null",
        #"{"cronSchedule":5,"cronSchedule":"0 0 * ? * *"}"#, #"{"cronSchedule":"0 0 * ? * *"} x"#,
    ])
    func schedulerFrequencyRefused(_ text: String) throws {
        #expect(throws: SchedulerFrequency.FormatError.self) { try SchedulerFrequency(encoded: text) }
        let workflow = Data(#"{"id":"b459cf22-ad18-44bf-80dc-6e8b78be1cc5","schedulerFrequency":\#(JSONValue.string(text).jsonText)}"#.utf8)
        let decoded = try JSONDecoder().decode(Workflow.self, from: workflow)
        #expect(decoded.id == CanvasID("b459cf22-ad18-44bf-80dc-6e8b78be1cc5"))
        #expect(decoded.schedulerFrequency == nil)
    }

    @Test("a schedule written as a bare object is accepted too; null or absent is nil")
    func schedulerFrequencyObjectForm() throws {
        let object = Data(#"{"id":"b459cf22-ad18-44bf-80dc-6e8b78be1cc5","schedulerFrequency":{"cronSchedule":"0 0 12 * * ?"}}"#.utf8)
        #expect(try JSONDecoder().decode(Workflow.self, from: object).schedulerFrequency?.cronSchedule == "0 0 12 * * ?")
        let null = Data(#"{"id":"b459cf22-ad18-44bf-80dc-6e8b78be1cc5","schedulerFrequency":null}"#.utf8)
        #expect(try JSONDecoder().decode(Workflow.self, from: null).schedulerFrequency == nil)
    }

    // MARK: - Errors and authentication

    @Test("error bodies decode their PascalCase State and Msg", arguments: [
        ("error-undeclared-regapp.json", "Undeclared RegisteredApplication"),
        ("error-unknown-template.json", "Unknown workflow template 1be52876-aca2-4ece-ba31-11e0d98ddc19"),
        ("error-undeclared-workflow-key.json", "Undeclared RegisteredCanvasWorkflow key"),
    ])
    func errorBodies(_ file: String, _ message: String) throws {
        let body = try ModelFixture.decode(ApiErrorBody.self, file)
        #expect(body == ApiErrorBody(state: 500, msg: message))
        #expect(try encodedKeys(body) == ["Msg", "State"])
    }

    @Test("Authenticate answers true (current document) or a token pair (earlier versions)")
    func authenticationResponse() throws {
        #expect(try JSONDecoder().decode(AuthenticationResponse.self, from: Data("true".utf8)) == .accepted(true))
        #expect(try JSONDecoder().decode(AuthenticationResponse.self, from: Data(" false ".utf8)) == .accepted(false))
        let token = Data("""
            {"access_token": "Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig", "accessTokenExpiresDateTime": "2022-04-27T14:19:29Z",
             "refresh_token": "r3fr3sh", "refreshTokenExpiresDateTime": "2022-04-28T14:04:29Z", "extra": 1}
            """.utf8)
        let response = try JSONDecoder().decode(AuthenticationResponse.self, from: token)
        let expected = AccessToken(
            accessToken: "Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig", accessTokenExpiresDateTime: "2022-04-27T14:19:29Z",
            refreshToken: "r3fr3sh", refreshTokenExpiresDateTime: "2022-04-28T14:04:29Z"
        )
        #expect(response == .token(expected))
        #expect(try roundTrip(response) == response)
        #expect(try roundTrip(AuthenticationResponse.accepted(true)) == .accepted(true))
        #expect(try encodedKeys(expected) == ["accessTokenExpiresDateTime", "access_token", "refreshTokenExpiresDateTime", "refresh_token"])
        #expect(!"\(expected)".contains("eyJ") && !"\(expected)".contains("r3fr3sh"))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(AuthenticationResponse.self, from: Data(#""yes""#.utf8)) }
    }

    // MARK: - Tolerance and ids

    @Test("ids compare lower-cased, whatever case the server wrote")
    func idsCompareLowerCased() throws {
        let json = Data(#"{"id": "AAE3F328-A561-4171-A0E9-19F6047C154B", "roleId": "CFF56FC9-854B-4B63-B06F-5C447B93E305"}"#.utf8)
        let account = try JSONDecoder().decode(Account.self, from: json)
        let documented = try ModelFixture.decode([Account].self, "accounts.json")[0]
        #expect(account.id == documented.id)
        #expect(account.roleId == documented.roleId)
        #expect(account.id.rawValue == "aae3f328-a561-4171-a0e9-19f6047c154b")
        #expect(try encodedObject(account)["id"] as? String == "aae3f328-a561-4171-a0e9-19f6047c154b")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Account.self, from: Data(#"{"id": "42"}"#.utf8)) }
    }

    @Test("unknown extra fields are ignored, at the top and nested")
    func unknownFieldsIgnored() throws {
        let account = try JSONDecoder().decode(Account.self, from: Data("""
            {"id": "aae3f328-a561-4171-a0e9-19f6047c154b", "firstName": "John", "isActive": true,
             "newThing": {"nested": [1, 2, {"deeper": null}]}, "score": 3.5}
            """.utf8))
        #expect(account == Account(id: guid("aae3f328-a561-4171-a0e9-19f6047c154b"), firstName: "John"))

        let workflow = try JSONDecoder().decode(Workflow.self, from: Data("""
            {"id": "b459cf22-ad18-44bf-80dc-6e8b78be1cc5", "name": "Order transferring",
             "chain": [{"uniqueBlockId": "357e9a39-b0bd-47df-8f39-c883336dcf14"}], "variables": {"a": 1}}
            """.utf8))
        #expect(workflow == Workflow(id: guid("b459cf22-ad18-44bf-80dc-6e8b78be1cc5"), name: "Order transferring"))

        let application = try JSONDecoder().decode(CatalogApplication.self, from: Data("""
            {"id": "97cbc3b3-32c7-4e4a-b788-a332ea82aeff",
             "credentialFields": [{"ShortName": "apikey", "Placeholder": "xxxx", "Validation": {"min": 1}}]}
            """.utf8))
        #expect(application.credentialFields == [CredentialField(shortName: "apikey")])
    }

    // MARK: - JSONValue

    @Test("JSON values decode to the right cases; booleans are not numbers")
    func jsonValueDecoding() throws {
        let value = try JSONDecoder().decode(JSONValue.self, from: Data("""
            {"n": 10, "f": 2.5, "neg": -3, "s": "x", "b": true, "z": null, "a": [1, "two", false], "o": {"k": {}}}
            """.utf8))
        #expect(value == [
            "n": 10, "f": 2.5, "neg": -3, "s": "x", "b": true, "z": nil, "a": [1, "two", false], "o": ["k": [:]],
        ])
        #expect(value["b"] == .bool(true))
        #expect(value["n"]?.numberValue == 10)
        #expect(value["s"]?.stringValue == "x")
        #expect(value["z"]?.isNull == true)
        #expect(value["a"]?.arrayValue?.count == 3)
        #expect(value["missing"] == nil)
    }

    @Test("integer numbers encode as 10, not 10.0; fractions keep their digits")
    func jsonValueIntegers() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(String(decoding: try encoder.encode([JSONValue.number(10)]), as: UTF8.self) == "[10]")
        #expect(String(decoding: try encoder.encode(["a": 10, "b": 2.5, "c": -7, "d": 0.1] as JSONValue), as: UTF8.self)
            == #"{"a":10,"b":2.5,"c":-7,"d":0.1}"#)
        #expect(try JSONDecoder().decode(JSONValue.self, from: encoder.encode([JSONValue.number(1e300)])) == [1e300])
        #expect((["n": 10, "x": [1.5, nil, true], "s": "é\n\u{01}"] as JSONValue).jsonText
            == #"{"n":10,"s":"é\n\u0001","x":[1.5,null,true]}"#)
        #expect(JSONValue.number(.nan).jsonText == "null")
    }

    // MARK: - Round trips

    @Test("every fixture file is decoded by a test")
    func everyFixtureIsCovered() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: ModelFixture.directory.path)
            .filter { $0.hasSuffix(".json") }
        #expect(Set(files) == Set(ModelFixture.allCases.map(\.rawValue)))
    }

    @Test("decode → encode → decode gives the same value, and encoding is stable", arguments: ModelFixture.allCases)
    func roundTrips(_ fixture: ModelFixture) throws {
        try fixture.checkRoundTrip()
    }
}

/// The fixture files, each with the type its body decodes into.
enum ModelFixture: String, CaseIterable, Sendable {
    case getMetaData = "get-meta-data.json"
    case describeAddWorkflowApiDto = "describe-add-workflow-api-dto.json"
    case accounts = "accounts.json"
    case addAccount = "add-account.json"
    case applications = "applications.json"
    case regApplications = "reg-applications.json"
    case addRegApplication1 = "add-reg-application-1.json"
    case addRegApplication2 = "add-reg-application-2.json"
    case editRegApplication = "edit-reg-application.json"
    case workflowTemplates = "workflow-templates.json"
    case workflowTemplate = "workflow-template.json"
    case workflows = "workflows.json"
    case workflow = "workflow.json"
    case addWorkflow = "add-workflow.json"
    case editWorkflow = "edit-workflow.json"
    case runWorkflow1 = "run-workflow-1.json"
    case runWorkflow2 = "run-workflow-2.json"
    case runWorkflow3 = "run-workflow-3.json"
    case workflowScheduler = "workflow-scheduler.json"
    case errorUndeclaredRegapp = "error-undeclared-regapp.json"
    case errorUnknownTemplate = "error-unknown-template.json"
    case errorUndeclaredWorkflowKey = "error-undeclared-workflow-key.json"

    /// Read from disk next to this file: the test target declares no resources.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func decode<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(contentsOf: directory.appendingPathComponent(name)))
    }

    func checkRoundTrip() throws {
        switch self {
        case .getMetaData: try check([ApiMethodDescription].self)
        case .describeAddWorkflowApiDto: try check([PropertyDescription].self)
        case .accounts: try check([Account].self)
        case .addAccount: try check(AddAccountApiDto.self)
        case .applications: try check([CatalogApplication].self)
        case .regApplications: try check([RegisteredApplication].self)
        case .addRegApplication1, .addRegApplication2: try check(AddRegApplicationApiDto.self)
        case .editRegApplication: try check(EditRegApplicationApiDto.self)
        case .workflowTemplates: try check([WorkflowTemplate].self)
        case .workflowTemplate: try check(WorkflowTemplate.self)
        case .workflows: try check([Workflow].self)
        case .workflow: try check(Workflow.self)
        case .addWorkflow: try check(AddWorkflowApiDto.self)
        case .editWorkflow: try check(EditWorkflowApiDto.self)
        case .runWorkflow1, .runWorkflow2, .runWorkflow3: try check(RunMetadataApiDto.self)
        case .workflowScheduler: try check(UpdateWorkfowSchedulerApiDto.self)
        case .errorUndeclaredRegapp, .errorUnknownTemplate, .errorUndeclaredWorkflowKey: try check(ApiErrorBody.self)
        }
    }

    static func sortedEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    private func check<T: Codable & Equatable>(_ type: T.Type) throws {
        let decoded = try Self.decode(T.self, rawValue)
        let encoded = try Self.sortedEncoder().encode(decoded)
        #expect(try JSONDecoder().decode(T.self, from: encoded) == decoded, "\(rawValue) changed in a round trip")
        let again = try Self.sortedEncoder().encode(try JSONDecoder().decode(T.self, from: encoded))
        #expect(again == encoded, "\(rawValue) encodes differently the second time")
    }
}

// MARK: - Helpers

extension ModelDecodingTests {
    fileprivate func guid(_ text: String) -> CanvasID {
        guard let id = CanvasID(text) else { preconditionFailure("not a GUID in a test: \(text)") }
        return id
    }

    fileprivate func roundTrip<T: Codable>(_ value: T) throws -> T {
        try JSONDecoder().decode(T.self, from: ModelFixture.sortedEncoder().encode(value))
    }

    /// The value encoded and read back as a JSON object, to look at the wire form key by key.
    fileprivate func encodedObject(_ value: some Encodable) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: ModelFixture.sortedEncoder().encode(value))
        return try #require(object as? [String: Any])
    }

    /// The keys of the encoded object, sorted.
    fileprivate func encodedKeys(_ value: some Encodable) throws -> [String] {
        try encodedObject(value).keys.sorted()
    }
}
