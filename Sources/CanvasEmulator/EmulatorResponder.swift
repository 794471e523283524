import CanvasAPI
import HTTPTypes
import Hummingbird
import NIOCore

/// The outermost layer of the emulator, around the router: adds the configured latency, injects
/// the faults ``FaultInjector`` picks, and writes the request log line with the status the client
/// actually got.
///
/// `GetMetaData` and `Describe` are never failed, so that a client can always find out what it is
/// talking to. A 500 or 429 fault answers before the request is handled (nothing changes); a dropped
/// connection happens after it was handled (the change is made, its answer lost).
struct EmulatorResponder<Router: HTTPResponder>: HTTPResponder where Router.Context == EmulatorRequestContext {
    let router: Router
    let faults: FaultInjector
    let latency: Duration
    let requestLog: RequestLogger?

    /// Thrown to make Hummingbird give up on a request whose connection was closed on purpose.
    struct DroppedConnection: Error {}

    func respond(to request: Request, context: EmulatorRequestContext) async throws -> Response {
        let fault = Self.isHelp(request.uri.path) ? nil : faults.next()
        let response: Response
        switch fault {
        case .serverError?:
            response = EmulatorResponse.serverError("Injected failure")
        case .rateLimited?:
            var rateLimited = EmulatorResponse.text("Too many requests: retry after 1 second.", status: .tooManyRequests)
            rateLimited.headers[.retryAfter] = "1"
            response = rateLimited
        case .droppedConnection?, nil:
            do {
                response = try await router.respond(to: request, context: context)
            } catch let error as any HTTPResponseError {
                // Hummingbird's own answers (404 for an unknown path, 413 for a body too large).
                response = try error.response(from: request, context: context)
            } catch {
                // Routes answer refusals themselves; anything else is the emulator's own fault.
                response = EmulatorResponse.serverError("The emulator failed: \(error)")
            }
        }
        if latency > .zero {
            try? await Task.sleep(for: latency)
        }
        // The header as sent, lower-cased when it is a GUID (so log lines compare with ids).
        let account = request.headers[EmulatorAuthenticator.managedAccountHeader].map { CanvasID($0)?.rawValue ?? $0 }
        if fault == .droppedConnection {
            requestLog?.log(method: request.method.rawValue, path: request.uri.path, account: account, status: nil)
            try? await context.channel.close(mode: .all)
            throw DroppedConnection()
        }
        requestLog?.log(method: request.method.rawValue, path: request.uri.path, account: account, status: response.status.code)
        return response
    }

    /// Whether `path` is one of the help endpoints, which faults spare.
    static func isHelp(_ path: String) -> Bool {
        let lowered = path.lowercased()
        return lowered == "/api/getmetadata" || lowered == "/api/describe"
            || lowered == "/api/getmetadata/" || lowered == "/api/describe/"
    }
}
