import Crypto
import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A server of Terraform's HTTP state protocol on loopback, as GitLab's managed Terraform state
/// serves it, for the HTTP backend's tests: one state at `/state/NAME`, its lock at
/// `/state/NAME/lock`, basic auth, `Content-MD5` checked, and faults on request.
final class HTTPStateServer: Sendable {
    struct Stored: Sendable {
        var state: [UInt8]?
        var lock: [UInt8]?
        var lockID: String?
        /// Answers of 503 still to give, before any other.
        var failures = 0
        /// The status a held lock is answered with: 423 (GitLab) or 409 (Terraform's docs).
        var heldStatus = 423
        /// Requests as `METHOD /path`.
        var log: [String] = []
        /// An upload answered 400 whatever it holds.
        var refuseUploads = false
    }

    let baseURL: String
    let username = "gitlab-ci-token"
    let password = "state-password-9a8b7c"
    private let stored: Box
    private let server: Task<Void, any Error>

    /// What the routes and the tests share.
    private final class Box: Sendable {
        let mutex = Mutex(Stored())
    }

    private init(baseURL: String, stored: Box, server: Task<Void, any Error>) {
        self.baseURL = baseURL
        self.stored = stored
        self.server = server
    }

    /// The address of the state `name`.
    func address(_ name: String = "prod") -> String { baseURL + "/state/" + name }

    func with<T>(_ body: (inout Stored) -> T) -> T { stored.mutex.withLock { body(&$0) } }

    static func start() async throws -> HTTPStateServer {
        let box = Box()
        let router = Router()
        let credentials = "Basic " + Data("gitlab-ci-token:state-password-9a8b7c".utf8).base64EncodedString()
        let handle: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, context in
            let body = Array((try await request.body.collect(upTo: 64 << 20)).readableBytesView)
            let isLock = request.uri.path.hasSuffix("/lock")
            let method = request.method.rawValue
            return box.mutex.withLock { stored -> Response in
                stored.log.append("\(method) \(request.uri.path)")
                func answer(_ status: Int, _ text: [UInt8] = []) -> Response {
                    Response(status: .init(code: status), body: ResponseBody(byteBuffer: ByteBuffer(bytes: text)))
                }
                guard request.headers[.authorization] == credentials else { return answer(401, Array("unauthorized".utf8)) }
                if stored.failures > 0 {
                    stored.failures -= 1
                    return answer(503, Array("try again".utf8))
                }
                let lockID = (try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])?["ID"] as? String
                switch (method, isLock) {
                case ("GET", false):
                    return stored.state.map { answer(200, $0) } ?? answer(204)
                case ("POST", false):
                    let given = request.uri.queryParameters.get("ID")
                    guard stored.lockID == nil || given == stored.lockID else { return answer(409, stored.lock ?? []) }
                    let digest = Data(Insecure.MD5.hash(data: body)).base64EncodedString()
                    guard request.headers.first(where: { $0.name.canonicalName == "content-md5" })?.value == digest else {
                        return answer(400, Array("Content-MD5 does not match the body".utf8))
                    }
                    if stored.refuseUploads { return answer(400, Array("upload refused".utf8)) }
                    stored.state = body
                    return answer(200)
                case ("POST", true), ("LOCK", true):
                    if stored.lockID != nil { return answer(stored.heldStatus, stored.lock ?? []) }
                    stored.lock = body
                    stored.lockID = lockID
                    return answer(200)
                case ("DELETE", true), ("UNLOCK", true):
                    guard let held = stored.lockID else { return answer(200) }
                    guard lockID == held else { return answer(409, stored.lock ?? []) }
                    stored.lock = nil
                    stored.lockID = nil
                    return answer(200)
                default:
                    return answer(405)
                }
            }
        }
        for method in [HTTPRequest.Method.get, .post, .delete, HTTPRequest.Method("LOCK")!, HTTPRequest.Method("UNLOCK")!] {
            router.on("state/{name}", method: method, use: handle)
            router.on("state/{name}/lock", method: method, use: handle)
        }
        let (baseURL, server) = await LoopbackServer.start(router, label: "state-server")
        return HTTPStateServer(baseURL: baseURL, stored: box, server: server)
    }

    /// The environment a run needs for this server's basic auth.
    var environment: [String: String] {
        ["CANVAS_STATE_USERNAME": username, "CANVAS_STATE_PASSWORD": password]
    }

    func stop() async {
        server.cancel()
        _ = await server.result
    }
}
