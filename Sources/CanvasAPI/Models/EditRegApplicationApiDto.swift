public import JSONSupport

/// The body of `POST RegApplication/{id}`: renames a registered application (`tagText`) and/or
/// re-authenticates it with new credentials (`credentialsJson`, a JSON object encoded in a string, as
/// for ``AddRegApplicationApiDto``). A nil field is left out of the body.
///
/// `description` names the credential keys but never their values, so the body can be logged.
public struct EditRegApplicationApiDto: Sendable, Hashable, Codable, CustomStringConvertible, CustomDebugStringConvertible {
    public var tagText: String?
    public var credentialsJson: String?

    public init(tagText: String? = nil, credentialsJson: String? = nil) {
        self.tagText = tagText
        self.credentialsJson = credentialsJson
    }

    /// Encodes `credentials` (when given) as compact JSON with sorted keys.
    public init(tagText: String? = nil, credentials: [String: JSONValue]?) {
        self.init(tagText: tagText, credentialsJson: credentials.map { JSONValue.object($0).jsonText })
    }

    /// `credentialsJson` read back as values; nil when absent or not a JSON object.
    public var credentials: [String: JSONValue]? {
        credentialsJson.flatMap(RegApplicationCredentials.parse)
    }

    public var description: String {
        let tag = tagText.map { String(reflecting: $0) } ?? "nil"
        let credentials = credentialsJson.map(RegApplicationCredentials.redacted) ?? "nil"
        return "EditRegApplicationApiDto(tagText: \(tag), credentialsJson: \(credentials))"
    }

    public var debugDescription: String { description }
}

/// `dump` and debuggers show the redacted description, not the stored secrets.
extension EditRegApplicationApiDto: CustomReflectable {
    public var customMirror: Mirror { Mirror(self, children: ["redacted": description]) }
}
