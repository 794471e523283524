import SafeText

/// What `--state` / `CANVAS_STATE` names: a path (the local file), or an `http://` / `https://`
/// URL (Terraform's HTTP state protocol).
public enum StateLocation {
    /// The backend `text` names. `environment` gives the HTTP protocol's settings
    /// (``HTTPStateBackend/Configuration``).
    public static func backend(
        for text: String, environment: [String: String], allowInsecureHTTP: Bool
    ) throws(StateError) -> any StateBackend {
        switch scheme(of: text) {
        case "http", "https":
            return try HTTPStateBackend(HTTPStateBackend.Configuration(
                address: text, environment: environment, allowInsecureHTTP: allowInsecureHTTP
            ))
        case "postgres", "postgresql":
            throw .usage(
                "a PostgreSQL state (\(RedactedURL(text))) is not supported by this canvasctl; give a file path, or an http(s):// "
                    + "address of a server speaking Terraform's HTTP state protocol (docs/state.md)"
            )
        case let other?:
            throw .usage("'\(RedactedURL(text))' names a state by a scheme canvasctl does not know (\(other)://); give a file path or an http(s):// URL")
        case nil:
            return FileStateBackend(path: text)
        }
    }

    /// Whether `text` is a URL rather than a path.
    public static func isURL(_ text: String) -> Bool {
        scheme(of: text) != nil
    }

    /// The lower-cased scheme of `text` when it starts with one (`letters://`).
    private static func scheme(of text: String) -> String? {
        guard let separator = text.firstRange(of: "://") else { return nil }
        let scheme = text[..<separator.lowerBound]
        guard !scheme.isEmpty, scheme.allSatisfy({ $0.isLetter || $0 == "+" || $0 == "-" || $0 == "." }) else { return nil }
        return scheme.lowercased()
    }
}
