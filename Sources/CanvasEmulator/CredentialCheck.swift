import CanvasAPI
import Foundation
import JSONSupport

/// The checks Canvas makes on a registration's credentials against the catalog application's
/// `credentialFields`, so that a client learns of a missing or invalid credential from the emulator
/// as it would from Canvas.
///
/// The document shows one such answer, for an FTP registration whose fields were null:
/// `Authentication Error: You must enter a value for User name.` followed by one line per missing
/// field. The emulator writes the same lines, in the catalog's field order, for every required
/// (non-`Optional`) field that is absent, null or blank; and, in the same style, a line for each
/// `select` field whose value is not one of its options (a case the document does not show). Values
/// never appear in messages: they are secrets. Keys the catalog does not list are kept and ignored
/// (the document is silent on them), and types are not checked beyond that.
struct CredentialCheck: Sendable {
    let application: CatalogApplication

    /// The credentials `credentialsJson` holds, laid over `previous` (an update), once they pass.
    func check(credentialsJson: String, previous: [String: JSONValue]?) throws(EmulatorError) -> [String: JSONValue] {
        guard let given = (try? JSONDecoder().decode(JSONValue.self, from: Data(credentialsJson.utf8)))?.objectValue else {
            throw .badRequest("Authentication Error: credentialsJson must be a JSON object.")
        }
        let credentials = (previous ?? [:]).merging(given) { _, new in new }
        var problems: [String] = []
        for field in application.credentialFields ?? [] {
            let label = field.name ?? field.shortName
            let value = credentials[field.shortName]
            guard let text = Self.text(of: value) else {
                if field.optional != true { problems.append("You must enter a value for \(label).") }
                continue
            }
            let choices = field.choices
            if field.type?.lowercased() == "select", !choices.isEmpty, !choices.contains(where: { $0.value == text }) {
                problems.append("\(label) must be one of: \(choices.map(\.value).joined(separator: ", ")).")
            }
        }
        guard problems.isEmpty else {
            throw .badRequest("Authentication Error: " + problems.joined(separator: "\n"))
        }
        return credentials
    }

    /// A value as the text a form field would hold; nil when there is none (absent, null, blank).
    private static func text(of value: JSONValue?) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : text
        case .bool(let flag)?: return flag ? "true" : "false"
        case .number?, .array?, .object?: return value?.jsonText
        }
    }
}
