public import AsyncHTTPClient
import SafeText
import Foundation
public import Logging
import NIOCore
import NIOHTTP1
import JSONSupport

/// A typed client of the Canvas REST API: one method per documented endpoint, with the auth
/// headers, per-account concurrency, retries and error mapping that every call needs.
///
/// It runs on one shared `HTTPClient` (connection reuse, one event loop group per process) that
/// follows no redirects: a redirect would carry the `Consumer` and `SecretKey` headers to wherever
/// it points, plain http or another host. Logs go through swift-log and hold the method, path,
/// account, status and timing of each call, never a header or a body.
public struct CanvasClient: Sendable, CustomStringConvertible, CustomReflectable {
    /// The process-wide HTTP client of every `CanvasClient` that is given none (``makeHTTPClient()``).
    /// Like AsyncHTTPClient's own shared client, it lives as long as the process and is never shut down.
    public static let sharedHTTPClient: HTTPClient = makeHTTPClient()

    /// A new HTTP client as a `CanvasClient` needs one: AsyncHTTPClient's defaults, except that
    /// - redirects are refused;
    /// - up to ``maxConnectionsPerHost`` HTTP/1.1 connections are kept to one host
    ///   (AsyncHTTPClient's 8 would cap `apply --parallelism` at 8 calls in flight whatever the
    ///   accounts; the per-account limit is ``AccountLimiter``'s job);
    /// - a connection that cannot be made fails the attempt at once: AsyncHTTPClient would try
    ///   again inside the attempt until its connect timeout (10 s an attempt, whatever the cause),
    ///   and the client's own retries, which tell a refused connection from an unknown host, decide.
    ///
    /// Whoever makes one shuts it down when done with it (`--endpoint local` does before it stops
    /// the emulator, so that no connection to it is still being made).
    public static func makeHTTPClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: maxConnectionsPerHost)
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = timeAmount(connectTimeout)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// How long making one connection may take (AsyncHTTPClient's default, stated).
    static let connectTimeout: Duration = .seconds(10)

    /// Connections kept open to one host: above this, more parallelism only queues.
    public static let maxConnectionsPerHost = 64

    public let configuration: CanvasClientConfiguration
    private let baseURL: String
    private let http: HTTPClient
    private let limiter: AccountLimiter
    private let logger: Logger
    private var scrubber: SecretScrubber
    /// Whether the base URL's path ends in `/api`; a 404 below one that does not is
    /// ``CanvasAPIError/Kind/wrongBaseURL``.
    private let baseURLEndsInAPI: Bool

    /// Fails with ``CanvasAPIError/Kind/insecureURL`` for a base URL that would send the keys in
    /// clear text to another machine.
    public init(
        configuration: CanvasClientConfiguration,
        httpClient: HTTPClient = CanvasClient.sharedHTTPClient,
        logger: Logger = Logger(label: "canvasctl.api")
    ) throws(CanvasAPIError) {
        self.configuration = configuration
        self.baseURL = try configuration.checkedBaseURL()
        self.http = httpClient
        self.limiter = AccountLimiter(limit: configuration.maxConcurrentRequestsPerAccount)
        self.logger = logger
        self.scrubber = SecretScrubber(configuration.credentials.secrets)
        self.baseURLEndsInAPI = CanvasClientConfiguration.endsInAPI(baseURL)
    }

    /// This client with `values` (the run's secrets: every sensitive value of the manifests) kept
    /// out of its error messages too, besides the keys and each call's credentials.
    public func screening(_ values: [String]) -> CanvasClient {
        var screened = self
        screened.scrubber = scrubber.sharing(values)
        return screened
    }

    /// How many requests of `account` (nil: the keys' own) may currently be in flight: the configured
    /// maximum, or less while the server answers 429 (``AccountLimiter``).
    public func currentLimit(account: CanvasID?) -> Int {
        limiter.currentLimit(for: account?.rawValue ?? "")
    }

    public var description: String { "CanvasClient(\(RedactedURL(baseURL)), \(configuration.credentials))" }

    public var customMirror: Mirror {
        Mirror(self, children: ["baseURL": RedactedURL(baseURL).description, "credentials": configuration.credentials.description])
    }

    // MARK: Help

    public func metaData() async throws(CanvasAPIError) -> [ApiMethodDescription] {
        try await decode([ApiMethodDescription].self, from: send(.getMetaData, account: nil))
    }

    public func describe(_ name: String) async throws(CanvasAPIError) -> [PropertyDescription] {
        try await decode([PropertyDescription].self, from: send(.describe(name), account: nil))
    }

    public func authenticate() async throws(CanvasAPIError) -> AuthenticationResponse {
        try await decode(AuthenticationResponse.self, from: send(.authenticate, account: nil))
    }

    // MARK: Organisation

    public func accounts() async throws(CanvasAPIError) -> [Account] {
        try await decode([Account].self, from: send(.accounts, account: nil))
    }

    /// Registers an account in the organisation; answers its id.
    public func createAccount(_ newAccount: AddAccountApiDto, account: CanvasID? = nil) async throws(CanvasAPIError) -> CanvasID {
        try await id(in: send(.createAccount, account: account, body: encode(newAccount)))
    }

    // MARK: Applications

    public func applications(account: CanvasID? = nil) async throws(CanvasAPIError) -> [CatalogApplication] {
        try await decode([CatalogApplication].self, from: send(.applications, account: account))
    }

    public func registeredApplications(account: CanvasID? = nil) async throws(CanvasAPIError) -> [RegisteredApplication] {
        try await decodeList(RegisteredApplication.self, from: send(.registeredApplications, account: account))
    }

    /// Registers an application; answers its new id.
    public func createRegisteredApplication(_ application: AddRegApplicationApiDto, account: CanvasID? = nil) async throws(CanvasAPIError) -> CanvasID {
        let response = try await send(
            .createRegisteredApplication, account: account, body: encode(application),
            secrets: Self.secrets(inCredentialsJSON: application.credentialsJson)
        )
        return try id(in: response)
    }

    public func updateRegisteredApplication(_ id: CanvasID, _ application: EditRegApplicationApiDto, account: CanvasID? = nil) async throws(CanvasAPIError) {
        _ = try await send(
            .updateRegisteredApplication(id), account: account, body: encode(application),
            secrets: Self.secrets(inCredentialsJSON: application.credentialsJson)
        )
    }

    public func deleteRegisteredApplication(_ id: CanvasID, account: CanvasID? = nil) async throws(CanvasAPIError) {
        _ = try await send(.deleteRegisteredApplication(id), account: account)
    }

    // MARK: Workflows

    public func workflowTemplates(account: CanvasID? = nil) async throws(CanvasAPIError) -> [WorkflowTemplate] {
        try await decode([WorkflowTemplate].self, from: send(.workflowTemplates, account: account))
    }

    public func workflowTemplate(_ id: CanvasID, isDraft: Bool = false, account: CanvasID? = nil) async throws(CanvasAPIError) -> WorkflowTemplate {
        try await decode(WorkflowTemplate.self, from: send(.workflowTemplate(id, isDraft: isDraft), account: account))
    }

    public func workflows(account: CanvasID? = nil) async throws(CanvasAPIError) -> [Workflow] {
        try await decodeList(Workflow.self, from: send(.workflows, account: account))
    }

    public func workflow(_ id: CanvasID, account: CanvasID? = nil) async throws(CanvasAPIError) -> Workflow {
        try await decode(Workflow.self, from: send(.workflow(id), account: account))
    }

    /// Registers a workflow from a template; answers its new id.
    public func createWorkflow(_ workflow: AddWorkflowApiDto, account: CanvasID? = nil) async throws(CanvasAPIError) -> CanvasID {
        try await id(in: send(.createWorkflow, account: account, body: encode(workflow)))
    }

    public func updateWorkflow(_ id: CanvasID, _ workflow: EditWorkflowApiDto, account: CanvasID? = nil) async throws(CanvasAPIError) {
        _ = try await send(.updateWorkflow(id), account: account, body: encode(workflow))
    }

    public func deployWorkflow(_ id: CanvasID, account: CanvasID? = nil) async throws(CanvasAPIError) {
        _ = try await send(.deployWorkflow(id), account: account)
    }

    public func deleteWorkflow(_ id: CanvasID, account: CanvasID? = nil) async throws(CanvasAPIError) {
        _ = try await send(.deleteWorkflow(id), account: account)
    }

    /// Runs a workflow (all of it, up to a block, or a range of blocks); answers the API's text.
    public func runWorkflow(_ run: RunMetadataApiDto, account: CanvasID? = nil) async throws(CanvasAPIError) -> String {
        try await text(of: send(.runWorkflow, account: account, body: encode(run)))
    }

    /// Switches a workflow's scheduler on or off with a cron; answers the API's text
    /// ("Workflow Scheduler enabled" / "disabled").
    public func updateScheduler(_ scheduler: UpdateWorkfowSchedulerApiDto, account: CanvasID? = nil) async throws(CanvasAPIError) -> String {
        try await text(of: send(.workflowScheduler, account: account, body: encode(scheduler)))
    }

    // MARK: Transport

    struct Response {
        var endpoint: CanvasEndpoint
        var status: Int
        var body: [UInt8]
    }

    private enum AttemptResult {
        case response(status: Int, body: [UInt8], retryAfter: String?)
        case failed(TransportFailure)
    }

    /// Sends one call, retrying as the endpoint allows, each attempt within the account's
    /// concurrency bound.
    func send(_ endpoint: CanvasEndpoint, account: CanvasID?, body: [UInt8]? = nil, secrets: [String] = []) async throws(CanvasAPIError) -> Response {
        let scrubber = secrets.isEmpty ? self.scrubber : self.scrubber.adding(secrets)
        return try await attempts(endpoint, account: account, body: body, scrubber: scrubber).get()
    }

    /// One attempt holding one of the account's permits (``AccountLimiter``), which it gives back
    /// with what the attempt got, so that a 429 lowers the account's limit and answers raise it
    /// again. Answers how long the attempt took (without the wait for the permit) and the
    /// account's limit when the permit was taken; nil when the call was cancelled while it waited
    /// for a permit.
    private func attemptWithPermit(_ endpoint: CanvasEndpoint, account: CanvasID?, body: [UInt8]?) async -> (AttemptResult, Duration, limit: Int)? {
        guard let permit = await limiter.acquire(account?.rawValue ?? "") else { return nil }
        let started = ContinuousClock.now
        let result = await attemptOnce(endpoint, account: account, body: body)
        let elapsed = ContinuousClock.now - started
        let outcome: AccountLimiter.Outcome
        switch result {
        case .response(429, _, let retryAfter):
            outcome = .rateLimited(retryAfter: RetryPolicy.parseRetryAfter(retryAfter).map { min($0, configuration.retry.maxRetryAfter) })
        case .response:
            outcome = .answered
        case .failed:
            outcome = .unanswered
        }
        if let lowered = limiter.release(permit, outcome) {
            logger.notice("lowering the account's request limit after HTTP 429", metadata: [
                "account": "\(account?.rawValue ?? "(own)")", "limit": "\(lowered)", "max": "\(configuration.maxConcurrentRequestsPerAccount)",
            ])
        }
        return (result, elapsed, permit.limit)
    }

    /// The attempts of one call. A cancelled call ends at once, without a retry or a warning: the
    /// caller gave up, the server did not fail. What no retry can mend (an unknown host, TLS)
    /// ends at once too; a refused connection is retried for every call (nothing was sent), over
    /// the policy's backoff without jitter (1.5 s in all by default), then reported as
    /// unreachable. The wait logged as `delay_ms` is the whole wait between two attempts.
    ///
    /// A 429 met while the account's limit was above 1 spends none of the policy's attempts (up
    /// to ``RetryPolicy/maxRateLimitedRetries`` of them): it is how the limit finds the server's
    /// bound (``AdaptiveLimit``), and the retry goes out at the lowered limit. At a limit of 1, a
    /// 429 is a failed attempt like any other.
    private func attempts(_ endpoint: CanvasEndpoint, account: CanvasID?, body: [UInt8]?, scrubber: SecretScrubber) async -> Result<Response, CanvasAPIError> {
        let policy = configuration.retry
        var random = SystemRandomNumberGenerator()
        var attempt = 0
        /// Attempts that count against `policy.maxAttempts`.
        var spent = 0
        var freeRateLimited = 0
        var lostConnectionBefore = false
        while true {
            if Task.isCancelled {
                return .failure(cancelled(endpoint, attempts: attempt))
            }
            guard let (result, elapsed, limit) = await attemptWithPermit(endpoint, account: account, body: body) else {
                return .failure(cancelled(endpoint, attempts: attempt))
            }
            attempt += 1
            if case .response(429, _, _) = result, limit > 1, freeRateLimited < policy.maxRateLimitedRetries {
                freeRateLimited += 1
            } else {
                spent += 1
            }
            let outcome: RetryPolicy.Outcome
            let reason: String
            var retryAfter: Duration?
            switch result {
            case .response(let status, let responseBody, let retryAfterHeader):
                log(endpoint, account: account, status: "\(status)", attempt: attempt, elapsed: elapsed)
                if (200..<300).contains(status) {
                    return .success(Response(endpoint: endpoint, status: status, body: responseBody))
                }
                let message = Self.message(in: responseBody, status: status)
                // A delete repeated after its first answer was lost finds nothing left to delete:
                // the first one worked.
                if lostConnectionBefore, endpoint.isDelete, status == 500, message.hasPrefix("Undeclared") {
                    return .success(Response(endpoint: endpoint, status: status, body: []))
                }
                outcome = .status(status)
                reason = "HTTP \(status)"
                retryAfter = RetryPolicy.parseRetryAfter(retryAfterHeader)
                // Canvas answers unknown ids with 500 "Undeclared …" or "Unknown …": asking again
                // will not change that.
                let permanent = status == 500 && (message.hasPrefix("Undeclared") || message.hasPrefix("Unknown"))
                if permanent || spent >= policy.maxAttempts || !policy.shouldRetry(outcome, effect: endpoint.effect) {
                    return .failure(error(for: endpoint, status: status, body: responseBody, attempts: attempt, scrubber: scrubber))
                }
            case .failed(.cancelled):
                log(endpoint, account: account, status: "cancelled", attempt: attempt, elapsed: elapsed)
                return .failure(cancelled(endpoint, attempts: attempt))
            case .failed(.unreachable(let cause)):
                log(endpoint, account: account, status: "no connection", attempt: attempt, elapsed: elapsed)
                return .failure(unreachable(cause, endpoint, attempts: attempt))
            case .failed(.refused):
                log(endpoint, account: account, status: "connection refused", attempt: attempt, elapsed: elapsed)
                outcome = .connectionRefused
                reason = CanvasAPIError.Unreachable.connectionRefused.sentence
                if spent >= policy.maxAttempts || !policy.shouldRetry(outcome, effect: endpoint.effect) {
                    return .failure(unreachable(.connectionRefused, endpoint, attempts: attempt))
                }
            case .failed(.lost(let lost)):
                log(endpoint, account: account, status: "no response", attempt: attempt, elapsed: elapsed)
                outcome = .connectionLost
                reason = scrubber.scrub(lost)
                lostConnectionBefore = true
                if spent >= policy.maxAttempts || !policy.shouldRetry(outcome, effect: endpoint.effect) {
                    let hint = endpoint.effect == .create
                        ? " (not retried: the call may have created the resource; look it up before trying again)" : ""
                    return .failure(CanvasAPIError(
                        kind: .transport, endpoint: endpoint.description, status: nil, message: reason + hint, attempts: attempt
                    ))
                }
            }
            let delay = outcome == .connectionRefused
                ? policy.delay(afterRefusal: max(1, spent))
                : policy.delay(afterAttempt: max(1, spent), retryAfter: retryAfter, random: &random)
            logger.warning("retrying", metadata: [
                "endpoint": "\(endpoint)", "attempt": "\(attempt)", "reason": "\(reason)", "delay_ms": "\(Self.milliseconds(delay))",
            ])
            do {
                try await Task.sleep(for: delay)
            } catch {
                return .failure(cancelled(endpoint, attempts: attempt))
            }
        }
    }

    /// One request through AsyncHTTPClient's future-based API, which collects the whole response
    /// on the connection's event loop and hands it over once; the streaming API hands the head and
    /// then each part of the body over separately (hops that were a measurable part of an apply's
    /// time per call). A cancelled task cancels the request.
    private func attemptOnce(_ endpoint: CanvasEndpoint, account: CanvasID?, body: [UInt8]?) async -> AttemptResult {
        var headers = HTTPHeaders()
        headers.add(name: "Accept", value: "application/json")
        if endpoint.authenticated {
            for header in configuration.credentials.headers {
                headers.add(name: header.name, value: header.value)
            }
        }
        if let account {
            headers.add(name: "ManagedAccountId", value: account.rawValue)
        }
        if body != nil {
            headers.add(name: "Content-Type", value: "application/json")
        }
        do {
            let request = try HTTPClient.Request(
                url: url(for: endpoint), method: endpoint.method, headers: headers, body: body.map { .bytes($0) }
            )
            // AsyncHTTPClient gets no logger: it would log header values.
            let task = http.execute(
                request: request, delegate: ResponseAccumulator(request: request, maxBodySize: Self.maxResponseBytes),
                deadline: .now() + Self.timeAmount(configuration.timeout)
            )
            let response = try await withTaskCancellationHandler {
                try await task.futureResult.get()
            } onCancel: {
                task.cancel()
            }
            return .response(
                status: Int(response.status.code),
                body: response.body.map { Array($0.readableBytesView) } ?? [],
                retryAfter: response.headers.first(name: "Retry-After")
            )
        } catch {
            // A cancelled task is told apart first: AsyncHTTPClient may report the cancelled
            // request as whatever its connection was doing when it stopped.
            return .failed(Task.isCancelled ? .cancelled : TransportFailure(error, timeout: configuration.timeout))
        }
    }

    /// The largest response body read (the longest documented lists are far below it).
    private static let maxResponseBytes = 256 * 1024 * 1024

    private func url(for endpoint: CanvasEndpoint) -> String {
        var url = baseURL + "/" + endpoint.path
        if !endpoint.query.isEmpty {
            var components = URLComponents()
            components.queryItems = endpoint.query.map { URLQueryItem(name: $0.0, value: $0.1) }
            url += "?" + (components.percentEncodedQuery ?? "")
        }
        return url
    }

    /// The debug line of one attempt; `status` is the HTTP status, or what came instead of one.
    private func log(_ endpoint: CanvasEndpoint, account: CanvasID?, status: String, attempt: Int, elapsed: Duration) {
        logger.debug("call", metadata: [
            "method": "\(endpoint.method.rawValue)",
            "path": "\(endpoint.path)",
            "account": "\(account?.rawValue ?? "-")",
            "status": "\(status)",
            "attempt": "\(attempt)",
            "ms": "\(Self.milliseconds(elapsed))",
        ])
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }

    // MARK: Bodies

    private func encode(_ value: some Encodable) throws(CanvasAPIError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            return try Array(encoder.encode(value))
        } catch {
            throw CanvasAPIError(kind: .unexpectedResponse, endpoint: nil, status: nil, message: "could not encode the request: \(error)")
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, from response: Response) throws(CanvasAPIError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(response.body))
        } catch {
            throw CanvasAPIError(
                kind: .unexpectedResponse, endpoint: response.endpoint.description, status: response.status,
                message: "the response does not have the documented shape: \(Self.describe(error))"
            )
        }
    }

    /// A list answer: read straight from its JSON when every item has the plain shape
    /// (``ListDecodable``), else by `JSONDecoder`, for the same list or the error naming what is wrong.
    private func decodeList<T: ListDecodable>(_ type: T.Type, from response: Response) throws(CanvasAPIError) -> [T] {
        if let list = T.list(fromJSON: response.body) { return list }
        return try decode([T].self, from: response)
    }

    /// A create call's id: a JSON string or the bare GUID.
    private func id(in response: Response) throws(CanvasAPIError) -> CanvasID {
        let text = String(decoding: response.body, as: UTF8.self)
        guard let id = CanvasID(responseBody: text) else {
            throw CanvasAPIError(
                kind: .unexpectedResponse, endpoint: response.endpoint.description, status: response.status,
                message: "expected the new id (a GUID), found \(text.count) characters of something else"
            )
        }
        return id
    }

    /// A text answer, sent as text or as a JSON string.
    private func text(of response: Response) -> String {
        let raw = String(decoding: response.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if raw.hasPrefix("\""), let decoded = try? JSONDecoder().decode(String.self, from: Data(raw.utf8)) {
            return decoded
        }
        return raw
    }

    // MARK: Errors

    private func cancelled(_ endpoint: CanvasEndpoint, attempts: Int) -> CanvasAPIError {
        CanvasAPIError(kind: .cancelled, endpoint: endpoint.description, status: nil, message: "cancelled", attempts: attempts)
    }

    private func unreachable(_ cause: CanvasAPIError.Unreachable, _ endpoint: CanvasEndpoint, attempts: Int) -> CanvasAPIError {
        CanvasAPIError(
            kind: .unreachable(cause), endpoint: endpoint.description, status: nil, message: cause.sentence, attempts: attempts,
            baseURL: RedactedURL(baseURL).description, baseURLSource: configuration.baseURLSource
        )
    }

    private func error(for endpoint: CanvasEndpoint, status: Int, body: [UInt8], attempts: Int, scrubber: SecretScrubber) -> CanvasAPIError {
        // The kind is told from what the server said; only what a person reads is screened.
        let said = Self.message(in: body, status: status)
        let message = scrubber.scrub(said)
        let kind: CanvasAPIError.Kind
        switch status {
        case 401, 403:
            kind = .unauthorized
        case 300..<400:
            kind = .unexpectedResponse
        case 400 where endpoint.isDeleteOfRegisteredApplication && said.hasPrefix("Deletion error"):
            kind = .applicationInUse(workflows: Self.workflowIDs(inUseMessage: said))
        case 429:
            kind = .rateLimited
        case 404 where !baseURLEndsInAPI:
            return CanvasAPIError(
                kind: .wrongBaseURL, endpoint: endpoint.description, status: status, message: message, attempts: attempts,
                baseURL: RedactedURL(baseURL).description, baseURLSource: configuration.baseURLSource
            )
        case 400..<500:
            kind = .rejected
        default:
            kind = .serverError
        }
        return CanvasAPIError(kind: kind, endpoint: endpoint.description, status: status, message: message, attempts: attempts)
    }

    /// The API's message: `Msg` of `{"State":…,"Msg":…}`, a JSON string, or the text itself.
    static func message(in body: [UInt8], status: Int) -> String {
        let data = Data(body)
        if let error = try? JSONDecoder().decode(ApiErrorBody.self, from: data), let message = error.msg {
            return message
        }
        if let text = try? JSONDecoder().decode(String.self, from: data) {
            return text
        }
        let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "no message (HTTP \(status))" : text
    }

    /// The workflow ids a "cannot delete: in use" message lists after its colon.
    static func workflowIDs(inUseMessage message: String) -> [CanvasID] {
        guard let listStart = message.range(of: "workflow(s):") ?? message.range(of: "workflows:") else { return [] }
        let list = message[listStart.upperBound...].prefix { $0 != "\n" }
        return list.split(whereSeparator: { $0 == "," || $0 == " " }).compactMap { CanvasID(String($0)) }
    }

    /// Credential values inside a credentialsJson string, nested ones too, for scrubbing.
    static func secrets(inCredentialsJSON json: String?) -> [String] {
        guard let json, let object = try? JSONDecoder().decode(JSONValue.self, from: Data(json.utf8)) else { return [] }
        var found: [String] = []
        func collect(_ value: JSONValue) {
            switch value {
            case .string(let text): found.append(text)
            case .number(let number): found.append(number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number))
            case .array(let items): items.forEach(collect)
            case .object(let fields): fields.values.forEach(collect)
            case .bool, .null: break
            }
        }
        collect(object)
        return found
    }

    static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return String(describing: error) }
        switch decoding {
        case .keyNotFound(let key, let context):
            return "missing '\(key.stringValue)' at \(path(context))"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "expected \(type) at \(path(context))"
        case .dataCorrupted(let context):
            return "\(context.debugDescription) at \(path(context))"
        @unknown default:
            return String(describing: decoding)
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        return path.isEmpty ? "the top level" : path
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
