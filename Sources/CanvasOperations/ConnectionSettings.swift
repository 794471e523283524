import AsyncHTTPClient
public import CanvasAPI
import CanvasEmulator
import Foundation
import SafeText

/// Where an operation talks to Canvas — an endpoint (else `CANVAS_URL`; `local` for the embedded
/// emulator), whether plain http may go to another machine, and how many requests of one account
/// may be in flight — and the connecting itself. A value, so that the command's options and a
/// saved plan both give one, and every operation connects the same way.
public struct ConnectionSettings: Sendable, Equatable {
    /// `--endpoint`, when given.
    public var endpoint: String?
    /// `--allow-insecure-http`.
    public var allowInsecureHTTP: Bool
    /// `--max-per-account`, when given; else `CANVAS_MAX_PER_ACCOUNT`, else
    /// ``defaultMaxPerAccount`` (``maxPerAccount(environment:)``).
    public var maxPerAccount: Int?

    public init(endpoint: String? = nil, allowInsecureHTTP: Bool = false, maxPerAccount: Int? = nil) {
        self.endpoint = endpoint
        self.allowInsecureHTTP = allowInsecureHTTP
        self.maxPerAccount = maxPerAccount
    }

    /// Requests of one account in flight at once when neither `--max-per-account` nor
    /// `CANVAS_MAX_PER_ACCOUNT` says otherwise.
    public static let defaultMaxPerAccount = 8

    /// The environment variable `--max-per-account` falls back on.
    public static let maxPerAccountVariable = "CANVAS_MAX_PER_ACCOUNT"

    /// The most requests of one account in flight at once: `--max-per-account`, else
    /// `CANVAS_MAX_PER_ACCOUNT` (empty counts as unset), else 8. Fails for a value that is not a
    /// whole number of at least 1.
    public func maxPerAccount(environment: [String: String]) throws(ConnectionError) -> Int {
        if let maxPerAccount {
            guard maxPerAccount >= 1 else {
                throw ConnectionError("--max-per-account takes a number of requests of at least 1, as in --max-per-account 8; \(maxPerAccount) is not.")
            }
            return maxPerAccount
        }
        guard let text = environment[Self.maxPerAccountVariable], !text.isEmpty else { return Self.defaultMaxPerAccount }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), value >= 1 else {
            throw ConnectionError(
                "\(Self.maxPerAccountVariable) must be a whole number of requests of at least 1 (such as 8), not '\(PrintableText.escaped(text))'; "
                    + "set it right, unset it for the default (\(Self.defaultMaxPerAccount)), or pass --max-per-account N."
            )
        }
        return value
    }

    /// The value of `--endpoint` or `CANVAS_URL` that means the embedded emulator.
    public static let localEndpoint = "local"

    /// The directory `--endpoint local` keeps its data in: `$CANVASCTL_HOME` when set, else
    /// `.canvasctl` in the current directory.
    public static func homeDirectory(environment: [String: String]) -> String {
        if let home = environment["CANVASCTL_HOME"], !home.isEmpty { return home }
        return FileManager.default.currentDirectoryPath + "/.canvasctl"
    }

    /// The emulator's data file for `--endpoint local`; it also keeps the emulator's keys, so that
    /// they (and the fingerprints keyed with them) stay the same from run to run.
    public static func localDataFile(environment: [String: String]) -> String {
        homeDirectory(environment: environment) + "/emulator.json"
    }

    /// Connects as the options and the environment say: a client, the secret that keys the state's
    /// fingerprints, and for `local` the emulator started here (which the caller shuts down with
    /// ``Connection/close()``).
    public func connect(environment: [String: String]) async throws(ConnectionError) -> Connection {
        let chosen = endpoint ?? environment["CANVAS_URL"].flatMap { $0.isEmpty ? nil : $0 }
        guard let chosen else {
            throw ConnectionError(
                "no Canvas API endpoint is set; set CANVAS_URL to the API base URL (such as "
                    + "https://canvas.connectmyapps.com/api), or pass --endpoint URL, or --endpoint local for the embedded emulator."
            )
        }
        let maxPerAccount = try maxPerAccount(environment: environment)
        if chosen == Self.localEndpoint {
            return try await connectLocal(environment: environment, maxPerAccount: maxPerAccount)
        }
        let credentials = try Self.credentials(environment: environment)
        // The key of the state's fingerprints: CANVAS_FINGERPRINT_KEY when set (it survives a
        // rotation of the API secret), else the SecretKey, else the token (with a warning: a
        // renewed token changes every fingerprint).
        var warning: String?
        let secret: String
        if let key = environment["CANVAS_FINGERPRINT_KEY"], !key.isEmpty {
            secret = key
        } else {
            switch credentials {
            case .keys(_, let key):
                secret = key
            case .bearer(let token):
                secret = token
                warning = "the state's fingerprints are keyed with CANVAS_TOKEN, which changes when the token is renewed: "
                    + "then every credential and sensitive value shows as changed and is sent again. "
                    + "Set CANVAS_FINGERPRINT_KEY to a stable secret of your own to avoid that."
            }
        }
        return Connection(
            client: try client(baseURL: chosen, credentials: credentials, maxPerAccount: maxPerAccount),
            fingerprintSecret: secret, emulator: nil, warning: warning
        )
    }

    /// Starts the embedded emulator on loopback with its data under ``homeDirectory(environment:)``,
    /// and a client on an HTTP client of its own, which ``Connection/close()`` shuts down before
    /// it stops the emulator: no connection to the emulator is then still being made (a server
    /// stopped while one is being accepted crashes in SwiftNIO).
    private func connectLocal(environment: [String: String], maxPerAccount: Int) async throws(ConnectionError) -> Connection {
        let dataFile = Self.localDataFile(environment: environment)
        let emulator: RunningEmulator
        do {
            emulator = try await CanvasEmulator.start(EmulatorConfiguration(dataFile: dataFile))
        } catch {
            throw ConnectionError("the embedded Canvas emulator could not start (data file \(dataFile)): \(error)")
        }
        let http = CanvasClient.makeHTTPClient()
        do throws(ConnectionError) {
            let client = try client(
                baseURL: emulator.baseURL,
                credentials: .keys(consumer: emulator.consumerKey, secret: emulator.secretKey),
                maxPerAccount: maxPerAccount, httpClient: http
            )
            return Connection(client: client, fingerprintSecret: emulator.secretKey, emulator: emulator, httpClient: http)
        } catch {
            try? await http.shutdown()
            await emulator.shutdown()
            throw error
        }
    }

    /// What the errors that mean the base URL is wrong name as its setting.
    private var baseURLSource: String { endpoint == nil ? "CANVAS_URL" : "--endpoint" }

    private func client(
        baseURL: String, credentials: CanvasCredentials, maxPerAccount: Int, httpClient: HTTPClient = CanvasClient.sharedHTTPClient
    ) throws(ConnectionError) -> CanvasClient {
        do {
            return try CanvasClient(
                configuration: CanvasClientConfiguration(
                    baseURL: baseURL, credentials: credentials, maxConcurrentRequestsPerAccount: maxPerAccount,
                    allowInsecureHTTP: allowInsecureHTTP, baseURLSource: baseURLSource
                ),
                httpClient: httpClient
            )
        } catch {
            var message = error.description
            if error.kind == .insecureURL, baseURL.lowercased().hasPrefix("http://") {
                message += " (with --allow-insecure-http)"
            }
            throw ConnectionError(message)
        }
    }

    /// The credentials in the environment: both keys, or else a token. Empty values count as unset.
    public static func credentials(environment: [String: String]) throws(ConnectionError) -> CanvasCredentials {
        func value(_ name: String) -> String? {
            environment[name].flatMap { $0.isEmpty ? nil : $0 }
        }
        if let consumer = value("CANVAS_CONSUMER_KEY"), let secret = value("CANVAS_SECRET_KEY") {
            return .keys(consumer: consumer, secret: secret)
        }
        if let token = value("CANVAS_TOKEN") {
            return .bearer(token: token)
        }
        let partial = value("CANVAS_CONSUMER_KEY") != nil
            ? " (CANVAS_CONSUMER_KEY is set, CANVAS_SECRET_KEY is not)"
            : value("CANVAS_SECRET_KEY") != nil ? " (CANVAS_SECRET_KEY is set, CANVAS_CONSUMER_KEY is not)" : ""
        throw ConnectionError(
            "no Canvas API credentials are set\(partial); set CANVAS_CONSUMER_KEY and CANVAS_SECRET_KEY, "
                + "or CANVAS_TOKEN. Keys are only read from the environment, never from arguments."
        )
    }
}

