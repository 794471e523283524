public import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1
import SafeText

/// The state on a server speaking Terraform's HTTP state protocol, as GitLab's managed Terraform
/// state and Gitea serve it: `GET ADDRESS` reads it (204 or 404: none yet), `POST ADDRESS?ID=LOCK`
/// stores it (with `Content-MD5`), `POST ADDRESS/lock` and `DELETE ADDRESS/lock` take and release
/// the lock, with a ``LockInfo`` body; a held lock is answered 409 or 423 with the holder's.
///
/// The server keeps a lock until it is unlocked: a run killed while holding it leaves it, and the
/// refusal names the lock's ID for `canvasctl state unlock LOCK_ID`. Uploading the whole state
/// after every change would make apply quadratic, so a run uploads at most every
/// ``uploadInterval`` while it records, and at commit; a run killed between uploads loses the
/// records since the last one, and the next apply adopts those resources by name.
public struct HTTPStateBackend: StateBackend {
    public struct Configuration: Sendable {
        public var address: String
        public var lockAddress: String
        public var unlockAddress: String
        public var lockMethod: String
        public var unlockMethod: String
        public var username: String?
        public var password: String?
        /// Plain `http://` to a host other than this machine (sends the password in clear text).
        public var allowInsecureHTTP: Bool
        /// The longest a recorded change waits to be uploaded while more keep coming.
        public var uploadInterval: Duration = HTTPStateBackend.uploadInterval

        /// `address` with the rest from the environment, as Terraform's backend takes it:
        /// `CANVAS_STATE_LOCK_ADDRESS` (default `ADDRESS/lock`), `CANVAS_STATE_UNLOCK_ADDRESS`
        /// (default the lock address), `CANVAS_STATE_LOCK_METHOD` (`POST`), `CANVAS_STATE_UNLOCK_METHOD`
        /// (`DELETE`), `CANVAS_STATE_USERNAME` and `CANVAS_STATE_PASSWORD` (basic auth).
        public init(address: String, environment: [String: String], allowInsecureHTTP: Bool) {
            func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
            var base = address
            while base.hasSuffix("/") { base.removeLast() }
            self.address = base
            lockAddress = value("CANVAS_STATE_LOCK_ADDRESS") ?? base + "/lock"
            unlockAddress = value("CANVAS_STATE_UNLOCK_ADDRESS") ?? lockAddress
            lockMethod = value("CANVAS_STATE_LOCK_METHOD")?.uppercased() ?? "POST"
            unlockMethod = value("CANVAS_STATE_UNLOCK_METHOD")?.uppercased() ?? "DELETE"
            username = value("CANVAS_STATE_USERNAME")
            password = value("CANVAS_STATE_PASSWORD")
            self.allowInsecureHTTP = allowInsecureHTTP
        }
    }

    /// How long a recorded change waits, at most, to be uploaded while more keep coming: an
    /// upload is of the whole state, so more often would make a large apply quadratic.
    public static let uploadInterval = Duration.seconds(5)

    let configuration: Configuration
    let transport: HTTPStateTransport

    /// Refuses an address that is not http(s), or plain http to another machine without
    /// `allowInsecureHTTP`.
    public init(_ configuration: Configuration, httpClient: HTTPClient = HTTPStateTransport.sharedHTTPClient) throws(StateError) {
        guard let url = URL(string: configuration.address), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty else {
            throw .usage("the state address '\(RedactedURL(configuration.address))' is not an http:// or https:// URL")
        }
        if scheme == "http", !configuration.allowInsecureHTTP, !HTTPStateTransport.isLoopback(host) {
            throw .usage(
                "refusing to send the state and its credentials over plain http to \(RedactedURL(configuration.address)): use https://, "
                    + "or give --allow-insecure-http"
            )
        }
        self.configuration = configuration
        self.transport = HTTPStateTransport(configuration: configuration, http: httpClient)
    }

    public var location: String { RedactedURL(configuration.address).description }

    public func open(
        holder: LockHolder, lockTimeout: Duration, now: @escaping @Sendable () -> Date, recordedScopes: @escaping @Sendable ([String: [String?]]) -> Void
    ) async throws(StateError) -> any StateSession {
        let lock = LockInfo(holder: holder, path: location)
        try await transport.lock(lock, timeout: lockTimeout, location: location)
        do throws(StateError) {
            let snapshot = try await read()
            recordedScopes(snapshot.scopes)
            return HTTPStateSession(
                holder: holder, lock: lock, snapshot: snapshot, transport: transport, location: location,
                uploadInterval: configuration.uploadInterval
            )
        } catch {
            try? await transport.unlock(lock, location: location)
            throw error
        }
    }

    public func read() async throws(StateError) -> StateSnapshot {
        guard let bytes = try await transport.get(location: location) else { return StateSnapshot() }
        return try StateSnapshot.decoded(from: bytes, location: location)
    }

    /// Unlocks the lock `lockID` names, whoever holds it, as `terraform force-unlock` does: the
    /// server keeps a lock until it is unlocked.
    public func forceUnlock(lockID: String?) async throws(StateError) -> LockInspection {
        guard let lockID, !lockID.isEmpty else {
            throw .usage(
                "a lock of the HTTP state protocol is cleared by its ID, which the refusal names: canvasctl state unlock LOCK_ID --state \(location)"
            )
        }
        let info = LockInfo(id: lockID, operation: "", info: "", who: "", version: "", created: "", path: "")
        try await transport.unlock(info, location: location)
        return .released(lockID)
    }
}
