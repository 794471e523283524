import Foundation
import Hummingbird
import Logging
import NIOCore

/// A server on loopback that answers every call with one chosen status and body: a Canvas server
/// that turned hostile, for what canvasctl prints of its error messages.
struct RefusingServer {
    let baseURL: String
    private let server: Task<Void, any Error>

    static func start(status: Int, body: String) async throws -> RefusingServer {
        let router = Router()
        let answer: @Sendable (Request, BasicRequestContext) async throws -> Response = { _, _ in
            Response(status: .init(code: status), headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        }
        for method in [HTTPRequest.Method.get, .post, .put, .delete] {
            router.on("{path}", method: method, use: answer)
            router.on("{path}/{id}", method: method, use: answer)
        }
        let (baseURL, server) = await LoopbackServer.start(router, label: "refusing")
        return RefusingServer(baseURL: baseURL, server: server)
    }

    func stop() async {
        server.cancel()
        _ = await server.result
    }
}
