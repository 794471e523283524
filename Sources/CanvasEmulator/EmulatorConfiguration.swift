public import Logging

/// How an emulator is started: where it listens, its keys, where it keeps its data, and the knobs
/// tests and benchmarks turn (latency, injected failures, a request log).
public struct EmulatorConfiguration: Sendable {
    /// Host to bind; loopback unless asked otherwise.
    public var host: String
    /// Port to bind; 0 picks a free one (printed on start).
    public var port: Int
    /// The Consumer key clients must send; generated when nil.
    public var consumerKey: String?
    /// The SecretKey clients must send; generated when nil.
    public var secretKey: String?
    /// A JSON file the data is loaded from and written to (atomically); in memory when nil.
    public var dataFile: String?
    /// Added to every response.
    public var latencyMilliseconds: Int
    /// Share of requests (0...1) answered with an injected failure: 500, 429 with Retry-After, or a
    /// dropped connection.
    public var failRate: Double
    /// Seed for the failure injector, so that a failing run can be repeated.
    public var seed: UInt64
    /// At most this many requests of one account in flight at once; one more is answered 429 with
    /// `Retry-After: 1` (the help endpoints are never refused). Nil for no bound.
    public var maxConcurrentPerAccount: Int?
    /// A file that receives one JSON line per request (method, path, account, status).
    public var requestLog: String?
    /// Where the HTTP server logs (connections, errors); silent when nil.
    public var logger: Logger?

    public init(
        host: String = "127.0.0.1", port: Int = 0, consumerKey: String? = nil, secretKey: String? = nil,
        dataFile: String? = nil, latencyMilliseconds: Int = 0, failRate: Double = 0, seed: UInt64 = 1,
        maxConcurrentPerAccount: Int? = nil, requestLog: String? = nil, logger: Logger? = nil
    ) {
        self.host = host
        self.port = port
        self.consumerKey = consumerKey
        self.secretKey = secretKey
        self.dataFile = dataFile
        self.latencyMilliseconds = latencyMilliseconds
        self.failRate = failRate
        self.seed = seed
        self.maxConcurrentPerAccount = maxConcurrentPerAccount
        self.requestLog = requestLog
        self.logger = logger
    }

    /// Why these settings cannot be served, as a sentence; nil when they can.
    public var problem: String? {
        if !(0...65_535).contains(port) { return "the port must be between 0 and 65535, not \(port)" }
        if latencyMilliseconds < 0 { return "the latency must be 0 or more milliseconds, not \(latencyMilliseconds)" }
        if !(failRate >= 0 && failRate <= 1) { return "the fail rate must be between 0 and 1, not \(failRate)" }
        if let limit = maxConcurrentPerAccount, limit < 1 {
            return "the bound on concurrent requests per account must be at least 1, not \(limit)"
        }
        if host.isEmpty { return "the host must not be empty" }
        // An empty key would let a request without the header through.
        if consumerKey?.isEmpty == true || secretKey?.isEmpty == true { return "the Consumer and SecretKey must not be empty" }
        return nil
    }
}
