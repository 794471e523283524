import Foundation
import SafeText

/// Where a PostgreSQL state is and how to reach it, read from a `postgres://` or `postgresql://`
/// URL as libpq reads one — `postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=…&state=NAME` —
/// with what the URL leaves out from libpq's variables (`PGUSER`, `PGPASSWORD`, `PGPORT`,
/// `PGDATABASE`).
///
/// TLS follows libpq's `sslmode`. A host other than this machine gets TLS or nothing: without
/// `sslmode` it is `verify-full`, and a connection that may fall back to plain text (`prefer`,
/// `allow`) is refused; `sslmode=disable` written out is the only way to send the password in
/// clear text.
public struct PostgresStateConfiguration: Sendable {
    /// libpq's `sslmode`, as far as canvasctl implements it.
    public enum TLSMode: String, Sendable, CaseIterable {
        /// No TLS.
        case disable
        /// TLS when the server offers it, without checking its certificate; plain text otherwise.
        case prefer
        /// TLS, without checking the server's certificate.
        case require
        /// TLS, with the server's certificate checked against the trusted roots, not its name.
        case verifyCA = "verify-ca"
        /// TLS, with the certificate checked against the trusted roots and the host's name.
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var user: String
    /// Never printed: ``location`` leaves it out, and messages are scrubbed of it.
    public var password: String?
    public var database: String
    /// The state's name in the database: several states share one database's tables.
    public var stateName: String
    public var tls: TLSMode
    /// A PEM file of the roots to trust (`sslrootcert`) instead of the system's.
    public var rootCertificatePath: String?
    public var connectTimeout: Duration

    /// The query parameters a URL may carry.
    static let parameters: Set<String> = ["state", "sslmode", "sslrootcert", "connect_timeout"]

    /// Reads `text` (a `postgres://` or `postgresql://` URL), with libpq's variables in
    /// `environment` for what it leaves out and `defaultUser` when neither names the user.
    public init(url text: String, environment: [String: String], defaultUser: String) throws(StateError) {
        func variable(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let shown = RedactedURL(text)
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "postgres" || scheme == "postgresql" else {
            throw .usage("the state address '\(shown)' is not a valid postgres:// URL")
        }
        var host = components.percentEncodedHost.map { $0.removingPercentEncoding ?? $0 } ?? ""
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else {
            throw .usage("the state address '\(shown)' names no host: give one, as postgres://db.example.com/canvas")
        }
        let items = components.queryItems ?? []
        let unknown = Set(items.map(\.name)).subtracting(Self.parameters).sorted()
        guard unknown.isEmpty else {
            throw .usage(
                "the state address '\(Self.location(host: host, port: nil, database: "", stateName: nil))…' has parameters canvasctl does not know "
                    + "(\(unknown.map { PrintableText.escaped($0) }.joined(separator: ", "))); it takes \(Self.parameters.sorted().joined(separator: ", "))"
            )
        }
        func parameter(_ name: String) throws(StateError) -> String? {
            let values = items.filter { $0.name == name }.compactMap(\.value)
            guard values.count <= 1 else { throw .usage("the state address gives `\(name)` more than once") }
            return values.first
        }

        self.host = host
        if let port = components.port {
            self.port = port
        } else if let text = variable("PGPORT") {
            guard let port = Int(text), (1...65535).contains(port) else { throw .usage("PGPORT (\(PrintableText.escaped(text))) is not a port number") }
            self.port = port
        } else {
            port = 5432
        }
        user = components.user.flatMap { $0.isEmpty ? nil : $0 } ?? variable("PGUSER") ?? defaultUser
        password = components.password ?? variable("PGPASSWORD")
        var path = components.path
        while path.hasPrefix("/") { path.removeFirst() }
        guard !path.contains("/") else {
            throw .usage("the state address '\(shown)' has a path of more than the database's name")
        }
        database = path.isEmpty ? variable("PGDATABASE") ?? user : path

        let name = try parameter("state") ?? "default"
        guard !name.isEmpty, name.count <= 200, PrintableText.escaped(name) == name else {
            throw .usage("the state's name (`state=` in its address) must be 1 to 200 printable characters")
        }
        stateName = name

        let loopback = HTTPStateTransport.isLoopback(host)
        if let mode = try parameter("sslmode") {
            let accepted = mode == "allow" ? TLSMode.prefer : TLSMode(rawValue: mode)
            guard let accepted else {
                throw .usage(
                    "sslmode=\(PrintableText.escaped(mode)) is not one canvasctl knows: give "
                        + "\(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            if accepted == .prefer, !loopback {
                throw .usage(
                    "sslmode=\(mode) may send the state's password in clear text to \(PrintableText.escaped(host)) when the server offers no TLS; "
                        + "give sslmode=verify-full (or require), or sslmode=disable if clear text is what you mean"
                )
            }
            tls = accepted
        } else {
            tls = loopback ? .prefer : .verifyFull
        }
        rootCertificatePath = try parameter("sslrootcert")
        if let text = try parameter("connect_timeout") {
            guard let seconds = Int(text), seconds > 0 else {
                throw .usage("connect_timeout=\(PrintableText.escaped(text)) is not a whole number of seconds above 0")
            }
            connectTimeout = .seconds(seconds)
        } else {
            connectTimeout = .seconds(10)
        }
    }

    /// The state as messages name it: no user, no password.
    public var location: String {
        Self.location(host: host, port: port, database: database, stateName: stateName)
    }

    private static func location(host: String, port: Int?, database: String, stateName: String?) -> String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        let shownPort = port.map { ":\($0)" } ?? ""
        let state = stateName.map { "?state=\($0)" } ?? ""
        return PrintableText.escaped("postgres://\(shownHost)\(shownPort)/\(database)\(state)")
    }
}
