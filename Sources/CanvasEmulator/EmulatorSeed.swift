import JSONSupport
import CanvasAPI

/// What a new emulator starts with: the organisation and its accounts, the catalog of applications
/// and the workflow templates, taken from the examples of `canvas-rest-api.txt` so that the
/// document's example requests work against it unchanged.
///
/// Where the document shows a value, it is copied exactly; the rest (the two accounts only the
/// examples' `ManagedAccountId` names, the FTP Server, File Hub and Microsoft SQL catalog entries, the
/// second template) is made up to be plausible and marked as such. Registered applications and
/// workflows start empty.
enum EmulatorSeed {
    static func id(_ text: String) -> CanvasID {
        guard let id = CanvasID(text) else { preconditionFailure("not a GUID in the seed: \(text)") }
        return id
    }

    // MARK: Organisation

    static let organizationId = id("00000000-0000-0000-0000-000000000000")
    static let organizationName = "ConnectMyApps AS"
    /// The account the API keys belong to: the one used when no `ManagedAccountId` is sent.
    static let ownAccountId = id("aae3f328-a561-4171-a0e9-19f6047c154b")

    /// `roleId` of the role `User`, from the Accounts example.
    static let userRoleId = id("cff56fc9-854b-4b63-b06f-5c447b93e305")
    /// `roleId` of the role `SuperPartner`: the document shows no account with that role, so this id
    /// is made up.
    static let superPartnerRoleId = id("5b0e6e1c-2f4a-4c1e-9a51-3f1a7c9d2e10")

    static let accounts: [EmulatorData.StoredAccount] = [
        // The three accounts of the document's `GET Accounts` example, exactly.
        account("aae3f328-a561-4171-a0e9-19f6047c154b", "John", "Smith", "2020-05-07T19:10:36.69"),
        account("dedf618d-53a7-42af-bb4a-d78ec8e6dbdc", "Walter", "Benedicte", "2017-03-01T08:51:32.31"),
        account("387c0680-d4d2-43c6-b802-49419d88260b", "Petter", "Charlotte", "2013-06-01T18:56:22.763"),
        // The accounts the examples manage through `ManagedAccountId` and `accountId`; the document
        // does not list them, so their names and dates are made up.
        account("be4f3f1e-0e6d-4f68-b8d8-546163c5dfad", "Kari", "Nordmann", "2021-03-31T09:00:00.0"),
        account("78e83bd6-32b1-41b6-b172-9e6dc88d6477", "Ola", "Hansen", "2021-04-14T10:00:00.0"),
    ]

    private static func account(_ id: String, _ firstName: String, _ lastName: String, _ created: String) -> EmulatorData.StoredAccount {
        EmulatorData.StoredAccount(
            account: Account(
                id: Self.id(id), firstName: firstName, lastName: lastName, email: "",
                organizationId: organizationId, organizationName: organizationName,
                roleId: userRoleId, role: "User", dateCreated: created
            ),
            isActive: true
        )
    }

    // MARK: Catalog

    static let talentsoft = CatalogApplication(
        id: id("07ffd13d-ba57-4d1b-9c46-03c5c919eed0"), name: "Talentsoft", shortName: "TASO", description: "HR", vendorUrl: "",
        credentialFields: [
            text("baseUrl", "Base url", "Talentsoft API url."),
            text("client_id", "Client ID", "Talentsoft client ID."),
            text("client_secret", "Client secret", "Talentsoft client secret."),
        ],
        credentialsJson: ["baseUrl": nil, "client_id": nil, "client_secret": nil],
        tag: "Hr, Premium", sessionTimeMins: 0, sessionSlidingExpiry: false
    )

    static let quinyx = CatalogApplication(
        id: id("97cbc3b3-32c7-4e4a-b788-a332ea82aeff"), name: "Quinyx", shortName: "QUIN", description: "Workforce planning", vendorUrl: "",
        credentialFields: [
            text("apikey", "API key", "Your Quinyx API key"),
            CredentialField(
                shortName: "environment", name: "Environment", type: "select", value: "",
                options: "live|Live Environment,test|Test Environment", optional: false,
                desc: "Choose which Quinyx environment you wish to use, live or test.", hidden: false
            ),
        ],
        credentialsJson: ["apikey": nil, "environment": nil],
        tag: "Scheduling,Planning,Premium", sessionTimeMins: 0, sessionSlidingExpiry: false
    )

    static let talentManager = CatalogApplication(
        id: id("b5a4a9ed-a686-4b1e-af30-ffd84b7fb2e0"), name: "Talent Manager", shortName: "HRTM", description: "HR solution", vendorUrl: "",
        credentialFields: [
            text("customeralias", "Customer alias", "Your customer alias."),
            text("apikey", "Your API key", "Your API key."),
        ],
        credentialsJson: ["customeralias": nil, "apikey": nil],
        tag: "HR", sessionTimeMins: 0, sessionSlidingExpiry: false
    )

    /// Not in the Applications example; id, name, shortName and description come from the document's
    /// RegApplications example. The field order and labels follow the document's FTP error example
    /// ("You must enter a value for User name. … Password. … Port. … Server address."); descriptions
    /// and tag are made up.
    static let ftpServer = CatalogApplication(
        id: id("5f814909-01ea-4395-96ee-5ba7614128fc"), name: "FTP Server", shortName: "FTP",
        description: "File upload and download", vendorUrl: "",
        credentialFields: [
            text("username", "User name", "The user to log in as."),
            CredentialField(shortName: "password", name: "Password", type: "password", value: "", optional: false, desc: "The user's password.", hidden: false),
            text("port", "Port", "The server's port, usually 21."),
            text("address", "Server address", "The FTP server's host name or IP address."),
            CredentialField(shortName: "secure", name: "Secure", type: "checkbox", value: "", optional: true, desc: "Use FTPS (FTP over TLS).", hidden: false),
        ],
        credentialsJson: ["username": nil, "password": nil, "port": nil, "address": nil, "secure": nil],
        tag: "Files", sessionTimeMins: 0, sessionSlidingExpiry: false
    )

    /// Not in the Applications example; id, name, shortName and description come from the
    /// RegApplications example. It needs no credentials.
    static let fileHub = CatalogApplication(
        id: id("9b6a04b3-c91f-4255-9033-6ac7b7a6f935"), name: "File Hub", shortName: "CMAF", description: "File automation", vendorUrl: "",
        credentialFields: [], credentialsJson: [:], tag: "Files", sessionTimeMins: 0, sessionSlidingExpiry: false
    )

    /// Not in the Applications example; id, name, shortName and description come from the
    /// RegApplications example; its fields are made up.
    static let microsoftSQL = CatalogApplication(
        id: id("276511d9-f07f-4fa6-b109-fdb4d62b2429"), name: "Microsoft SQL On-premise", shortName: "MSQL",
        description: "Database engine", vendorUrl: "",
        credentialFields: [
            text("server", "Server", "The SQL Server host, with its instance or port."),
            text("database", "Database", "The database to use."),
            text("username", "User name", "The SQL login."),
            CredentialField(shortName: "password", name: "Password", type: "password", value: "", optional: false, desc: "The login's password.", hidden: false),
        ],
        credentialsJson: ["server": nil, "database": nil, "username": nil, "password": nil],
        tag: "Database", sessionTimeMins: 0, sessionSlidingExpiry: false
    )

    static let catalog: [CatalogApplication] = [talentsoft, quinyx, talentManager, ftpServer, fileHub, microsoftSQL]

    private static func text(_ shortName: String, _ name: String, _ desc: String) -> CredentialField {
        CredentialField(shortName: shortName, name: name, type: "text", value: "", optional: false, desc: desc, hidden: false)
    }

    // MARK: Workflow templates

    /// The document's `WorkflowTemplate/{id}` example, exactly; its `applications` list is cut off in
    /// the document and taken to be Quinyx and FTP Server (the slots its blocks' names suggest).
    static let demoWorkflow = WorkflowTemplate(
        id: id("c35de990-ccfa-4aab-966e-96e0b3044d71"), name: "Demo workflow", description: "",
        dateCreated: "2022-09-28T11:54:58.444", dateModified: "2024-04-28T18:22:52.4183776", state: "Published",
        version: "0.0.6", draftIsCommitted: true, dateCommitted: "2024-04-28T18:22:52.4183776", organizationId: nil,
        applications: [quinyx, ftpServer],
        chain: [
            ChainBlock(
                uniqueBlockId: id("bab5609e-cc2d-4c22-b1a8-21b65e6c419d"), blockName: "Get Employees",
                variables: [
                    "amountToObtain": BlockVariable(
                        variableSource: 2, variableName: "amountToObtainWfQ", value: "10", tagName: "amountToObtain",
                        name: "Amount to obtain", description: "Specify how many employees should be obtained", type: "INPUT",
                        isRequired: true, options: nil, optionsPath: nil, optionsName: nil, dataSource: nil, dataTarget: nil,
                        multiple: false
                    ),
                ]
            ),
            ChainBlock(uniqueBlockId: id("91c36eb8-ddc2-4429-9a77-83bbdcc44e08"), blockName: "Mapper", variables: [:]),
            ChainBlock(uniqueBlockId: id("436294d6-d14d-4b71-bc88-fa50213c2a48"), blockName: "Post Employees", variables: [:]),
        ],
        variables: [
            "amountToObtainWfQ": TemplateVariable(
                value: "10", tagName: "amountToObtainWfQ", name: "What amount of employees should be obtained?",
                description: "The \"Get Employees\" block requires a number to obtain. The value you enter here will be passed to the block",
                type: "INPUT", isRequired: true, options: nil, optionsPath: nil, optionsName: nil, dataSource: nil,
                dataTarget: nil, multiple: false
            ),
            "locationsMapping": TemplateVariable(
                value: ["table": [["source": "Oslo", "target": nil], ["source": "Bergen", "target": nil]], "default": nil],
                tagName: "LocationsMapping", name: "Locaitons", description: nil, type: "LOOKUP_TABLE", isRequired: true,
                options: [], optionsPath: nil, optionsName: nil, dataSource: nil, dataTarget: nil, multiple: false
            ),
        ]
    )

    /// The template the document's `POST Workflow` example and its Workflows example name
    /// (bbe52876-…); the document shows nothing else of it, so its blocks and variables are made up,
    /// with the block (02d1424a-…) and the variables (`apiKeys`, `badgeNo`) that example sets.
    static let quinyxEmployeeExport = WorkflowTemplate(
        id: id("bbe52876-aca2-4ece-ba31-11e0d98ddc19"), name: "Quinyx Employee Export Into FTP(CSV)",
        description: "Quinyx Employee Export Into FTP(CSV)",
        dateCreated: "2022-02-22T15:20:00.0000000", dateModified: "2022-04-13T06:30:00.0000000", state: "Published",
        version: "1.0.2", draftIsCommitted: true, dateCommitted: "2022-04-13T06:30:00.0000000", organizationId: nil,
        applications: [quinyx, ftpServer],
        chain: [
            ChainBlock(
                uniqueBlockId: id("02d1424a-da90-4c12-9c28-96162e624bd7"), blockName: "Get Employees",
                variables: [
                    "apiKeys": BlockVariable(
                        variableSource: 2, variableName: "apiKeys", value: [], tagName: "apiKeys", name: "API keys",
                        description: "Quinyx API keys of the units to export", type: "INPUT", isRequired: true,
                        options: nil, optionsPath: nil, optionsName: nil, dataSource: nil, dataTarget: nil, multiple: true
                    ),
                    "badgeNo": BlockVariable(
                        variableSource: 2, variableName: "badgeNo", value: nil, tagName: "badgeNo", name: "Badge number",
                        description: "Export only the employee with this badge number", type: "INPUT", isRequired: false,
                        options: nil, optionsPath: nil, optionsName: nil, dataSource: nil, dataTarget: nil, multiple: false
                    ),
                ]
            ),
            ChainBlock(uniqueBlockId: id("6a1b3f0e-8c47-4f5e-9d2a-0b7c1e4f5a61"), blockName: "Convert to CSV", variables: [:]),
            ChainBlock(
                uniqueBlockId: id("c4e2d9b7-1f3a-4e8b-a6d5-2f9c0b1e7d38"), blockName: "Upload to FTP",
                variables: [
                    "fileName": BlockVariable(
                        variableSource: 2, variableName: "fileName", value: "employees.csv", tagName: "fileName", name: "File name",
                        description: "Name of the file written on the FTP server", type: "INPUT", isRequired: true,
                        options: nil, optionsPath: nil, optionsName: nil, dataSource: nil, dataTarget: nil, multiple: false
                    ),
                ]
            ),
        ],
        variables: [
            "apiKeys": TemplateVariable(
                value: [], tagName: "apiKeys", name: "Quinyx API keys", description: "API keys of the Quinyx units to export",
                type: "INPUT", isRequired: true, options: nil, optionsPath: nil, optionsName: nil, dataSource: nil,
                dataTarget: nil, multiple: true
            ),
            "badgeNo": TemplateVariable(
                value: nil, tagName: "badgeNo", name: "Badge number", description: "Export only this employee (empty: all)",
                type: "INPUT", isRequired: false, options: nil, optionsPath: nil, optionsName: nil, dataSource: nil,
                dataTarget: nil, multiple: false
            ),
            "fileName": TemplateVariable(
                value: "employees.csv", tagName: "fileName", name: "File name", description: "Name of the CSV file on the FTP server",
                type: "INPUT", isRequired: true, options: nil, optionsPath: nil, optionsName: nil, dataSource: nil,
                dataTarget: nil, multiple: false
            ),
        ]
    )

    static let templates: [WorkflowTemplate] = [demoWorkflow, quinyxEmployeeExport]

    /// The data of a new emulator with the given keys.
    static func initialData(consumerKey: String, secretKey: String) -> EmulatorData {
        EmulatorData(consumerKey: consumerKey, secretKey: secretKey, accounts: accounts, registeredApplications: [], workflows: [])
    }
}
