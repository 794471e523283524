/// One item of a catalog application's `credentialFields`: a credential the application needs when
/// it is registered (its key in `credentialsJson`, label, input type, allowed choices). The only
/// PascalCase object of the API, so its coding keys are spelled out.
public struct CredentialField: Sendable, Hashable, Codable {
    /// The key of this credential in `credentialsJson` (`"apikey"`, `"environment"`).
    public var shortName: String
    /// The label shown to people (`"API key"`).
    public var name: String?
    /// The input kind: `"text"`, `"select"`, `"password"`, …
    public var type: String?
    /// A preset value; `""` in the examples.
    public var value: String?
    /// For `select` fields: `value|Label` pairs separated by commas
    /// (`"live|Live Environment,test|Test Environment"`); see ``choices``.
    public var options: String?
    public var optional: Bool?
    public var desc: String?
    public var hidden: Bool?

    /// One allowed value of a `select` field.
    public struct Choice: Sendable, Hashable {
        /// What goes into `credentialsJson`.
        public var value: String
        /// What people are shown.
        public var label: String

        public init(value: String, label: String) {
            self.value = value
            self.label = label
        }
    }

    enum CodingKeys: String, CodingKey {
        case shortName = "ShortName"
        case name = "Name"
        case type = "Type"
        case value = "Value"
        case options = "Options"
        case optional = "Optional"
        case desc = "Desc"
        case hidden = "Hidden"
    }

    public init(
        shortName: String, name: String? = nil, type: String? = nil, value: String? = nil, options: String? = nil,
        optional: Bool? = nil, desc: String? = nil, hidden: Bool? = nil
    ) {
        self.shortName = shortName
        self.name = name
        self.type = type
        self.value = value
        self.options = options
        self.optional = optional
        self.desc = desc
        self.hidden = hidden
    }

    /// The choices `options` lists, in order: items are separated by `,`, value and label by the first
    /// `|` (an item without `|` is its own label); white space around them is dropped and empty items
    /// are skipped. Empty when there are no options. The document does not say how a label holding a
    /// comma would be written.
    public var choices: [Choice] {
        guard let options else { return [] }
        return options.split(separator: ",").compactMap { item in
            let parts = item.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
            let value = Self.trimmed(parts[0])
            guard !value.isEmpty else { return nil }
            let label = parts.count > 1 ? Self.trimmed(parts[1]) : value
            return Choice(value: value, label: label.isEmpty ? value : label)
        }
    }

    private static func trimmed(_ text: Substring) -> String {
        var text = text
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
