import CanvasAPI
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The shapes of the emulator's answers: JSON bodies encoded from the CanvasAPI wire models, plain
/// text, a new id, and the two error shapes of ``EmulatorError``.
enum EmulatorResponse {
    /// `value` as JSON.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        json { try encoder.encode(value) }
    }

    /// JSON that `encode` makes.
    static func json(status: HTTPResponse.Status = .ok, _ encode: () throws -> Data) -> Response {
        json(status: status, buffer: { ByteBuffer(bytes: try encode()) })
    }

    /// JSON made straight into a buffer, such as a list from a ``RecordListEncoder``.
    static func json(status: HTTPResponse.Status = .ok, buffer encode: () throws -> ByteBuffer) -> Response {
        do {
            return body(try encode(), contentType: "application/json; charset=utf-8", status: status)
        } catch {
            return serverError("The emulator could not encode its answer: \(error)")
        }
    }

    /// How every JSON answer is encoded: keys sorted, so that answers are stable.
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// A sentence as plain text (`Workflow will now run`): the document shows these answers unquoted.
    static func text(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        body(Data(text.utf8), contentType: "text/plain; charset=utf-8", status: status)
    }

    /// A create call's answer: the new id as a JSON string (the document only says "returns Id").
    static func id(_ id: CanvasID) -> Response {
        json(id.rawValue)
    }

    /// A 200 with no body, for the calls whose answer the document does not show.
    static func empty() -> Response {
        Response(status: .ok, headers: [.contentLength: "0"])
    }

    static func error(_ error: EmulatorError) -> Response {
        switch error {
        case .server(let message): serverError(message)
        case .badRequest(let message): text(message, status: .badRequest)
        case .unauthorized: text("Status Code: 401; Unauthorized", status: .unauthorized)
        }
    }

    /// `{"State":500,"Msg":message}` with status 500.
    static func serverError(_ message: String) -> Response {
        let bytes = (try? JSONEncoder().encode(ApiErrorBody(state: 500, msg: message))) ?? Data("{\"State\":500}".utf8)
        return body(bytes, contentType: "application/json; charset=utf-8", status: .internalServerError)
    }

    private static func body(_ bytes: Data, contentType: String, status: HTTPResponse.Status) -> Response {
        body(ByteBuffer(bytes: bytes), contentType: contentType, status: status)
    }

    private static func body(_ buffer: ByteBuffer, contentType: String, status: HTTPResponse.Status) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.contentLength] = String(buffer.readableBytes)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: buffer))
    }
}
