import AsyncHTTPClient
public import CanvasAPI
public import CanvasEmulator
public import StateStore

/// A connection to Canvas made by ``ConnectionSettings/connect(environment:)``: the client, the
/// secret that keys the state's fingerprints (the SecretKey, or the token), and for
/// `--endpoint local` the emulator started for this run. ``close()`` must be called at the end.
///
/// Its descriptions never show the secret.
public struct Connection: Sendable, CustomStringConvertible, CustomReflectable {
    public let client: CanvasClient
    private let fingerprintSecret: String
    /// The embedded emulator, for `--endpoint local`; nil otherwise.
    public let emulator: RunningEmulator?
    /// What a person should know about this connection (printed as `warning: …` by commands that
    /// use the fingerprints), such as fingerprints keyed with a short-lived token.
    public let warning: String?
    /// The HTTP client made for this connection alone (the embedded emulator's), shut down by
    /// ``close()``; nil for the process-wide one.
    private let httpClient: HTTPClient?

    init(client: CanvasClient, fingerprintSecret: String, emulator: RunningEmulator?, warning: String? = nil, httpClient: HTTPClient? = nil) {
        self.client = client
        self.fingerprintSecret = fingerprintSecret
        self.emulator = emulator
        self.warning = warning
        self.httpClient = httpClient
    }

    /// The fingerprinter of this account's state, keyed with the API secret.
    public var fingerprinter: Fingerprinter { Fingerprinter(secret: fingerprintSecret) }

    /// What authenticates a saved plan: a key of its own, derived from the same secret.
    public var planAuthenticator: Fingerprinter { Fingerprinter(secret: fingerprintSecret, purpose: .savedPlans) }

    /// This connection with the manifests' secrets kept out of its error messages too
    /// (``CanvasClient/screening(_:)``).
    public func screening(_ secrets: [String]) -> Connection {
        Connection(
            client: client.screening(secrets), fingerprintSecret: fingerprintSecret, emulator: emulator, warning: warning, httpClient: httpClient
        )
    }

    /// Stops the embedded emulator, if this connection started one: first its HTTP client, which
    /// closes its connections and stops those still being made (a call cancelled while its
    /// connection is made leaves the connection attempt running), then the emulator. Calls still
    /// under way fail as cancelled. Calling it again does nothing.
    public func close() async {
        try? await httpClient?.shutdown()
        await emulator?.shutdown()
    }

    public var description: String { "Connection(\(client))" }

    public var customMirror: Mirror { Mirror(self, children: ["client": client.description]) }
}
