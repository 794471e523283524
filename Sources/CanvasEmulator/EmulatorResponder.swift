import CanvasAPI
import HTTPTypes
import Hummingbird
import NIOCore

/// The outermost layer of the emulator, around the router: adds the configured latency, injects
/// the faults ``FaultInjector`` picks, refuses what the per-account bound (``AccountGate``) does
/// not admit, and writes the request log line with the status the client actually got.
///
/// `GetMetaData` and `Describe` are never failed, so that a client can always find out what it is
/// talking to. A 500 or 429 fault answers before the request is handled (nothing changes); a dropped
/// connection happens after it was handled (the change is made, its answer lost). A request the
/// gate refuses is answered 429 with `Retry-After: 1`, after the latency like any answer, and is
/// not handled; an admitted one counts as in flight until its answer (latency included) is ready.
struct EmulatorResponder<Router: HTTPResponder>: HTTPResponder where Router.Context == EmulatorRequestContext {
    let router: Router
    let faults: FaultInjector
    let gate: AccountGate?
    let latency: Duration
    let requestLog: RequestLogger?

    /// Thrown to make Hummingbird give up on a request whose connection was closed on purpose.
    struct DroppedConnection: Error {}

    func respond(to request: Request, context: EmulatorRequestContext) async throws -> Response {
        let isHelp = Self.isHelp(request.uri.path)
        // The header as sent, lower-cased when it is a GUID (so log lines compare with ids).
        let account = request.headers[EmulatorAuthenticator.managedAccountHeader].map { CanvasID($0)?.rawValue ?? $0 }
        let admitted = isHelp || gate?.enter(account ?? "") ?? true
        defer { if admitted, !isHelp { gate?.leave(account ?? "") } }
        let fault = isHelp || !admitted ? nil : faults.next()
        let response: Response
        switch fault {
        case .serverError?:
            response = EmulatorResponse.serverError("Injected failure")
        case .rateLimited?:
            response = Self.tooManyRequests()
        case nil where !admitted:
            response = Self.tooManyRequests()
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
        if fault == .droppedConnection {
            requestLog?.log(method: request.method.rawValue, path: request.uri.path, account: account, status: nil)
            try? await context.channel.close(mode: .all)
            throw DroppedConnection()
        }
        requestLog?.log(method: request.method.rawValue, path: request.uri.path, account: account, status: response.status.code)
        return response
    }

    /// `429` with `Retry-After: 1`: an injected fault's answer, and the gate's.
    static func tooManyRequests() -> Response {
        var response = EmulatorResponse.text("Too many requests: retry after 1 second.", status: .tooManyRequests)
        response.headers[.retryAfter] = "1"
        return response
    }

    /// Whether `path` is one of the help endpoints, which faults spare.
    static func isHelp(_ path: String) -> Bool {
        let lowered = path.lowercased()
        return lowered == "/api/getmetadata" || lowered == "/api/describe"
            || lowered == "/api/getmetadata/" || lowered == "/api/describe/"
    }
}
