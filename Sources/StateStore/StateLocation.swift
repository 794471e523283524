import Foundation
import SafeText

/// What `--state` / `CANVAS_STATE` names: a path (the local file), an `http://` / `https://` URL
/// (Terraform's HTTP state protocol), or a `postgres://` / `postgresql://` URL (a PostgreSQL
/// database).
public enum StateLocation {
    /// The backend `text` names. `environment` gives the HTTP protocol's settings
    /// (``HTTPStateBackend/Configuration``) and libpq's variables (``PostgresStateConfiguration``).
    public static func backend(
        for text: String, environment: [String: String], allowInsecureHTTP: Bool
    ) throws(StateError) -> any StateBackend {
        switch scheme(of: text) {
        case "http", "https":
            return try HTTPStateBackend(HTTPStateBackend.Configuration(
                address: text, environment: environment, allowInsecureHTTP: allowInsecureHTTP
            ))
        case "postgres", "postgresql":
            return PostgresStateBackend(try PostgresStateConfiguration(
                url: text, environment: environment, defaultUser: ProcessInfo.processInfo.userName
            ))
        case let other?:
            throw .usage(
                "'\(RedactedURL(text))' names a state by a scheme canvasctl does not know (\(other)://); give a file path, an http(s):// URL "
                    + "or a postgres:// URL"
            )
        case nil:
            return FileStateBackend(path: text)
        }
    }

    /// `text` with no password in it, for what is written down (a saved plan): a URL's
    /// `user:password@` as `user@`; one too malformed to take apart without its userinfo.
    public static func withoutPassword(_ text: String) -> String {
        guard var components = URLComponents(string: text) else { return RedactedURL(text).description }
        guard components.password != nil else { return text }
        components.password = nil
        return components.string ?? RedactedURL(text).description
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
