import CanvasAPI
import Foundation
import HTTPTypes
import Hummingbird

/// Checks every authenticated call's keys and picks the account it acts for, answering
/// `401 Status Code: 401; Unauthorized` (the document's body) when it cannot.
///
/// Accepted: the `Consumer` and `SecretKey` headers, or `Authorization: Bearer <token>`. The optional
/// `ManagedAccountId` header selects an account of the organisation; absent, the keys' own account is
/// used; an id that is not an account of the organisation (or not a GUID) is a 401, as Canvas does
/// for keys that give no access.
struct EmulatorAuthenticator: RouterMiddleware {
    typealias Context = EmulatorRequestContext

    static let consumerHeader = HTTPField.Name("Consumer")!
    static let secretKeyHeader = HTTPField.Name("SecretKey")!
    static let managedAccountHeader = HTTPField.Name("ManagedAccountId")!

    let keys: EmulatorKeys
    let store: EmulatorStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard isAuthenticated(request.headers) else { return EmulatorResponse.error(.unauthorized) }
        var managed: CanvasID?
        if let header = request.headers[Self.managedAccountHeader], !header.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let id = CanvasID(header) else { return EmulatorResponse.error(.unauthorized) }
            managed = id
        }
        guard let account = await store.account(managedAccountId: managed) else { return EmulatorResponse.error(.unauthorized) }
        var context = context
        context.account = account
        return try await next(request, context)
    }

    private func isAuthenticated(_ headers: HTTPFields) -> Bool {
        if let authorization = headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer", Self.equal(String(parts[1]).trimmingCharacters(in: .whitespaces), keys.token) {
                return true
            }
        }
        guard let consumer = headers[Self.consumerHeader], let secret = headers[Self.secretKeyHeader] else { return false }
        return Self.equal(consumer, keys.consumer) && Self.equal(secret, keys.secret)
    }

    /// Compares without stopping at the first difference, as a server comparing secrets should.
    private static func equal(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8), right = Array(rhs.utf8)
        var difference = UInt8(left.count == right.count ? 0 : 1)
        for index in 0..<min(left.count, right.count) { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
