import Foundation
public import JSONSupport

/// The body of `POST RegApplication`: registers a catalog application in an account with its
/// credentials. The server takes the credentials as a JSON object encoded *inside a string*
/// (`"credentialsJson": "{\"apikey\":\"…\"}"`), so that is what this type holds; build it from
/// values with ``init(applicationId:tagText:credentials:)``.
///
/// `description` names the credential keys but never their values, so the body can be logged.
public struct AddRegApplicationApiDto: Sendable, Hashable, Codable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The catalog application to register.
    public var applicationId: CanvasID
    /// The registration's name.
    public var tagText: String
    /// A JSON object as text, keyed by the catalog's `credentialFields` short names.
    public var credentialsJson: String

    public init(applicationId: CanvasID, tagText: String, credentialsJson: String) {
        self.applicationId = applicationId
        self.tagText = tagText
        self.credentialsJson = credentialsJson
    }

    /// Encodes `credentials` as compact JSON with sorted keys, so the same credentials always give
    /// the same text.
    public init(applicationId: CanvasID, tagText: String, credentials: [String: JSONValue]) {
        self.init(applicationId: applicationId, tagText: tagText, credentialsJson: JSONValue.object(credentials).jsonText)
    }

    /// `credentialsJson` read back as values; nil when it is not a JSON object.
    public var credentials: [String: JSONValue]? {
        RegApplicationCredentials.parse(credentialsJson)
    }

    public var description: String {
        "AddRegApplicationApiDto(applicationId: \(applicationId), tagText: \(String(reflecting: tagText)), "
            + "credentialsJson: \(RegApplicationCredentials.redacted(credentialsJson)))"
    }

    public var debugDescription: String { description }
}

/// Reading and redacting `credentialsJson` text, shared by the create and edit bodies.
enum RegApplicationCredentials {
    static func parse(_ text: String) -> [String: JSONValue]? {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else { return nil }
        return value.objectValue
    }

    /// `<redacted: apikey, environment>`: the keys, never the values.
    static func redacted(_ text: String) -> String {
        guard let credentials = parse(text) else { return "<redacted>" }
        return "<redacted: \(credentials.keys.sorted().joined(separator: ", "))>"
    }
}

/// `dump` and debuggers show the redacted description, not the stored secrets.
extension AddRegApplicationApiDto: CustomReflectable {
    public var customMirror: Mirror { Mirror(self, children: ["redacted": description]) }
}
