import Foundation
import Hummingbird
import Logging
import NIOCore

/// A server that refuses every call with a 400 whose message repeats the request's headers and
/// body, as a careless API might: the worst case for secrets in error messages. Under a base URL
/// of ``Form`` (`baseURL + "/twice"`), the body comes back in that form.
struct EchoServer {
    /// How the body is written into the message: as received (JSON-escaped once, to fit the
    /// message), escaped twice, or every character as `\u00XX`.
    enum Form: String, CaseIterable, Sendable {
        case once, twice, unicode
    }

    let baseURL: String
    private let server: Task<Void, any Error>

    static func start() async throws -> EchoServer {
        let router = Router()
        router.on("{path}", method: .post, use: echo)
        router.on("{path}", method: .get, use: echo)
        router.on("{path}/{rest}", method: .post, use: echo)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let application = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "echo", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let server = Task { try await application.run() }
        var port = 0
        for await bound in ports {
            port = bound
            break
        }
        return EchoServer(baseURL: "http://127.0.0.1:\(port)", server: server)
    }

    func stop() async {
        server.cancel()
        _ = await server.result
    }

    @Sendable static func echo(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: 1 << 20)
        let headers = request.headers.map { "\($0.name)=\($0.value)" }.joined(separator: "; ")
        func escaped(_ text: String) -> String { text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") }
        // (The router names a first segment one way whatever follows it: `{path}`.)
        let form = context.parameters.get("rest") == nil ? .once : context.parameters.get("path").flatMap(Form.init(rawValue:)) ?? .once
        let echoed: String = switch form {
        case .once: escaped(String(buffer: body))
        case .twice: escaped(escaped(String(buffer: body)))
        case .unicode: String(buffer: body).unicodeScalars.map { String(format: "\\\\u%04x", $0.value) }.joined()
        }
        let text = "{\"State\":400,\"Msg\":\"refused: \(headers.replacingOccurrences(of: "\"", with: "'")) body: \(echoed)\"}"
        return Response(status: .badRequest, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
