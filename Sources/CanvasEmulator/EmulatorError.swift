/// A refusal the emulator answers with, in one of the two shapes the document shows for errors:
/// `{"State": 500, "Msg": "…"}` as JSON, or a plain-text sentence with a 4xx status.
enum EmulatorError: Error, Sendable, Equatable {
    /// `500 {"State":500,"Msg":message}`.
    case server(String)
    /// `400` with `message` as plain text.
    case badRequest(String)
    /// `401` with `Status Code: 401; Unauthorized`.
    case unauthorized

    /// The document's answer for a registered application id the account does not have.
    static let undeclaredApplication = EmulatorError.server("Undeclared RegisteredApplication")
    /// The document's answer for a workflow id the account does not have.
    static let undeclaredWorkflow = EmulatorError.server("Undeclared RegisteredCanvasWorkflow key")
}
