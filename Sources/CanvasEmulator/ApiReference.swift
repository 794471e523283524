import CanvasAPI

/// The API's description of itself: what `GET GetMetaData` lists and what `GET Describe?name=`
/// answers, so that a client exploring the emulator sees what it would see on Canvas.
enum ApiReference {
    /// `GET GetMetaData`: the document's list, exactly. It leaves out several endpoints the same
    /// document describes (DeployWorkflow, DeleteRegApplication, RegApplication/{id}, Workflow/{id},
    /// WorkflowTemplate/{id}), and marks every action `authenticate: false`; both are kept as shown.
    static let methods: [ApiMethodDescription] = [
        method("GetMetaData", "", "GET", "Returns controllers actions", "JSON array"),
        method("Describe", "String name", "GET", "Describes object properties", ""),
        method("Authenticate", "", "GET", "Checks authentification", "boolean"),
        method("Applications", "", "GET", "Returns Canvas applications", "JSON Array"),
        method("WorkflowTemplates", "", "GET", "Returns list of workflow templates", "JSON array"),
        method("Accounts", "", "GET", "Returns list of accounts in the organization", "JSON array"),
        method("RegApplications", "", "GET", "Returns account registerred applications", "JSON Array"),
        method("Workflows", "", "GET", "Returns list of registered workflows", "JSON array"),
        method("Workflow", "Guid id", "GET", "Returns registered workflow by id", "JSON"),
        method("RegApplication", "[FromBody]AddRegApplicationApiDto regApp", "POST", "Registers a new application and returns Id", "Guid"),
        method("Workflow", "[FromBody]AddWorkflowApiDto workflow", "POST", "Registers a new workflow based on template and returns Id", "Guid"),
        method("DeleteWorkflow", "Guid id", "GET", "Deletes workflow by Id", "Guid"),
        method("RunWorkflow", "[FromBody]RunMetadataApiDto metadata", "POST", "Runs workflow", "Guid"),
        method("WorkflowScheduler", "[FromBody]UpdateWorkfowSchedulerApiDto scheduler", "POST", "Updates the workflow scheduler", ""),
        method("Account", "[FromBody]AddAccountApiDto data", "POST", "Account registration", ""),
    ]

    private static func method(_ name: String, _ parameters: String, _ verb: String, _ description: String, _ returns: String) -> ApiMethodDescription {
        ApiMethodDescription(name: name, parameters: parameters, verb: verb, authenticate: false, description: description, returns: returns)
    }

    /// `GET Describe?name=`: the properties of the request types the document names. Only
    /// `AddWorkflowApiDto` is shown in the document, and is answered exactly (without `variables`,
    /// which its create example nevertheless sends); the others are written in the same style from
    /// the document's example bodies, with type names as .NET types in camel case and `isRequired`
    /// for what the emulator requires. Names match case-insensitively; nil for an unknown name.
    static func describe(_ name: String) -> [PropertyDescription]? {
        types.first { $0.key.lowercased() == name.lowercased() }?.value
    }

    private static let types: [String: [PropertyDescription]] = [
        "AddWorkflowApiDto": [
            property("guid", "workflowTemplateId", required: true),
            property("string", "name"),
            property("string", "description"),
            property("dictionary", "applications", "string,guid", required: true),
            property("iEnumerable", "chain", "chainApiDto"),
        ],
        "EditWorkflowApiDto": [
            property("string", "name"),
            property("string", "description"),
            property("dictionary", "applications", "string,guid"),
            property("iEnumerable", "chain", "chainApiDto"),
            property("dictionary", "variables", "string,object"),
        ],
        "ChainApiDto": [
            property("guid", "uniqueBlockId", required: true),
            property("string", "blockName"),
            property("dictionary", "variables", "string,chainVariableApiDto"),
        ],
        "ChainVariableApiDto": [
            property("nullable", "variableSource", "int32"),
            property("string", "variableName"),
            property("object", "value"),
        ],
        "AddRegApplicationApiDto": [
            property("guid", "applicationId", required: true),
            property("string", "tagText", required: true),
            property("string", "credentialsJson", required: true),
        ],
        "EditRegApplicationApiDto": [
            property("string", "tagText"),
            property("string", "credentialsJson"),
        ],
        "AddAccountApiDto": [
            property("string", "firstName", required: true),
            property("string", "lastName", required: true),
            property("string", "email", required: true),
            property("string", "role"),
            property("nullable", "isActive", "boolean"),
        ],
        "RunMetadataApiDto": [
            property("guid", "workflowId", required: true),
            property("nullable", "runFromBlock", "int32"),
            property("nullable", "runTillBlock", "int32"),
        ],
        "UpdateWorkfowSchedulerApiDto": [
            property("guid", "workflowId", required: true),
            property("boolean", "isScheduled", required: true),
            property("string", "scheduleFrequency", required: true),
        ],
    ]

    private static func property(_ type: String, _ name: String, _ generic: String = "", required: Bool = false) -> PropertyDescription {
        PropertyDescription(typeName: type, propertyName: name, genericParameters: generic, isRequired: required)
    }
}
