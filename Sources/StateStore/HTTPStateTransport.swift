public import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import SafeText

/// The requests of Terraform's HTTP state protocol, with basic auth, retries after a lost
/// connection, 429 and 5xx (backoff with jitter), and errors that never show the password.
public struct HTTPStateTransport: Sendable {
    /// The process-wide client of the HTTP state backend: no redirects (they would carry the basic
    /// auth elsewhere), and no retrying of a refused connection inside one attempt (for up to its
    /// connect timeout): the backend's own retries decide. Like AsyncHTTPClient's own shared
    /// client, it lives as long as the process.
    public static let sharedHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    let configuration: HTTPStateBackend.Configuration
    let http: HTTPClient

    /// Attempts of one request in all; the waits between them double from 200 ms (with jitter).
    static let attempts = 5
    static let timeout = TimeAmount.seconds(30)

    struct Answer {
        var status: Int
        var body: [UInt8]
    }

    /// What one attempt gave: an answer, or why there was none.
    private enum Attempt {
        case answer(Answer)
        case lost(String)
    }

    // MARK: The protocol

    /// The stored state; nil when there is none yet (204 or 404).
    func get(location: String) async throws(StateError) -> [UInt8]? {
        let answer = try await send("GET", configuration.address, body: nil, location: location)
        switch answer.status {
        case 200: return answer.body.isEmpty ? nil : answer.body
        case 204, 404: return nil
        default: throw refusal(answer, reading: true, location: location)
        }
    }

    /// Stores `snapshot` under the lock `lockID`, with the body's MD5 in `Content-MD5`.
    func put(_ snapshot: StateSnapshot, lockID: String, location: String) async throws(StateError) {
        let body = snapshot.fileText
        let digest = Data(Insecure.MD5.hash(data: body)).base64EncodedString()
        var target = URLComponents(string: configuration.address)
        let query = target?.queryItems ?? []
        target?.queryItems = query + [URLQueryItem(name: "ID", value: lockID)]
        let answer = try await send(
            "POST", target?.string ?? configuration.address, body: body, headers: [("Content-MD5", digest), ("Content-Type", "application/json")],
            location: location
        )
        guard (200..<300).contains(answer.status) else { throw refusal(answer, reading: false, location: location) }
    }

    /// Takes `lock`, trying again every second while another holds it, up to `timeout`.
    func lock(_ lock: LockInfo, timeout: Duration, location: String) async throws(StateError) {
        let deadline = ContinuousClock.now + timeout
        while true {
            let answer = try await send(configuration.lockMethod, configuration.lockAddress, body: encode(lock), location: location)
            switch answer.status {
            case 200..<300:
                return
            case 409, 423:
                let holder = (try? JSONDecoder().decode(LockInfo.self, from: Data(answer.body)))
                    ?? LockInfo(id: "", operation: "", info: "", who: "", version: "", created: "", path: "")
                guard ContinuousClock.now < deadline else { throw .lockedRemotely(info: holder.printable, address: location) }
                try? await Task.sleep(for: .seconds(1))
            default:
                throw refusal(answer, reading: false, location: location)
            }
        }
    }

    func unlock(_ lock: LockInfo, location: String) async throws(StateError) {
        let answer = try await send(configuration.unlockMethod, configuration.unlockAddress, body: encode(lock), location: location)
        guard (200..<300).contains(answer.status) || answer.status == 404 else { throw refusal(answer, reading: false, location: location) }
    }

    // MARK: Requests

    private func encode(_ lock: LockInfo) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array((try? encoder.encode(lock)) ?? Data())
    }

    private func send(
        _ method: String, _ url: String, body: [UInt8]?, headers extra: [(String, String)] = [], location: String
    ) async throws(StateError) -> Answer {
        var headers = HTTPHeaders()
        headers.add(name: "Accept", value: "application/json")
        if let username = configuration.username {
            let credentials = Data("\(username):\(configuration.password ?? "")".utf8).base64EncodedString()
            headers.add(name: "Authorization", value: "Basic \(credentials)")
        }
        for (name, value) in extra { headers.add(name: name, value: value) }
        var delay = Duration.milliseconds(200)
        var attempt = 0
        while true {
            attempt += 1
            switch await once(method, url, headers: headers, body: body) {
            case .answer(let answer):
                guard answer.status == 429 || (500..<600).contains(answer.status), attempt < Self.attempts else { return answer }
            case .lost(let reason):
                guard attempt < Self.attempts, !Task.isCancelled else {
                    throw .unreadable(path: location, reason: "\(method) \(RedactedURL(url)) failed after \(attempt) attempts: \(reason)")
                }
            }
            let milliseconds = delay.components.seconds * 1000 + delay.components.attoseconds / 1_000_000_000_000_000
            try? await Task.sleep(for: .milliseconds(Int64(Double(milliseconds) * Double.random(in: 0.5...1))))
            delay *= 2
        }
    }

    private func once(_ method: String, _ url: String, headers: HTTPHeaders, body: [UInt8]?) async -> Attempt {
        do {
            let request = try HTTPClient.Request(url: url, method: HTTPMethod(rawValue: method), headers: headers, body: body.map { .bytes($0) })
            let task = http.execute(
                request: request, delegate: ResponseAccumulator(request: request, maxBodySize: 512 * 1024 * 1024),
                deadline: .now() + Self.timeout
            )
            let response = try await withTaskCancellationHandler {
                try await task.futureResult.get()
            } onCancel: {
                task.cancel()
            }
            return .answer(Answer(status: Int(response.status.code), body: response.body.map { Array($0.readableBytesView) } ?? []))
        } catch {
            // The library's text may hold the URL, and so a password in it.
            return .lost(PrintableText.escaped(RedactedURL(String(describing: error)).description))
        }
    }

    /// A refused request as the state's error: the server's own message, at most a line of it.
    private func refusal(_ answer: Answer, reading: Bool, location: String) -> StateError {
        var said = String(decoding: answer.body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        // A server may echo the request: neither the password nor the header that carries it is shown.
        if let password = configuration.password, !password.isEmpty {
            let header = Data("\(configuration.username ?? ""):\(password)".utf8).base64EncodedString()
            said = said.replacingOccurrences(of: header, with: "(sensitive)").replacingOccurrences(of: password, with: "(sensitive)")
        }
        let reason = "HTTP \(answer.status)" + (said.isEmpty ? "" : ": \(PrintableText.escaped(said))")
            + (answer.status == 401 || answer.status == 403 ? " (check CANVAS_STATE_USERNAME and CANVAS_STATE_PASSWORD)" : "")
        return reading ? .unreadable(path: location, reason: reason) : .writeFailed(path: location, reason: reason)
    }

    static func isLoopback(_ host: String) -> Bool {
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        return bare == "localhost" || bare == "::1" || bare.hasPrefix("127.")
    }
}

extension LockInfo {
    /// As a message may show it: every member escaped (a server chose them).
    var printable: LockInfo {
        LockInfo(
            id: PrintableText.escaped(id), operation: PrintableText.escaped(operation), info: PrintableText.escaped(info),
            who: PrintableText.escaped(who), version: PrintableText.escaped(version), created: PrintableText.escaped(created),
            path: PrintableText.escaped(path)
        )
    }
}
