import SafeText
import Foundation

/// Where a ``CanvasClient`` sends its calls, as whom, and how patiently.
public struct CanvasClientConfiguration: Sendable {
    /// The API's base URL, e.g. `https://canvas.connectmyapps.com/api`; printed only as a
    /// ``RedactedURL``.
    public var baseURL: String
    public var credentials: CanvasCredentials
    /// How long one attempt of one call may take.
    public var timeout: Duration
    public var retry: RetryPolicy
    /// Requests in flight at once per managed account.
    public var maxConcurrentRequestsPerAccount: Int
    /// Allow `http://` to a host other than this machine. Off by default: it would send the keys in
    /// clear text.
    public var allowInsecureHTTP: Bool
    /// What set ``baseURL``, as the person who set it knows it (`CANVAS_URL`, `--endpoint`): the
    /// errors that mean the URL is wrong (an unreachable server, a 404 below a URL without `/api`)
    /// name it. Nil names none.
    public var baseURLSource: String?

    public init(
        baseURL: String, credentials: CanvasCredentials, timeout: Duration = .seconds(30), retry: RetryPolicy = RetryPolicy(),
        maxConcurrentRequestsPerAccount: Int = 8, allowInsecureHTTP: Bool = false, baseURLSource: String? = nil
    ) {
        self.baseURL = baseURL
        self.credentials = credentials
        self.timeout = timeout
        self.retry = retry
        self.maxConcurrentRequestsPerAccount = maxConcurrentRequestsPerAccount
        self.allowInsecureHTTP = allowInsecureHTTP
        self.baseURLSource = baseURLSource
    }

    /// The base URL without a trailing slash, once checked: `https`, or `http` to this machine.
    func checkedBaseURL() throws(CanvasAPIError) -> String {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        guard let url = URL(string: base), let scheme = url.scheme?.lowercased(), let host = url.host else {
            throw CanvasAPIError(kind: .insecureURL, endpoint: nil, status: nil, message: "'\(RedactedURL(baseURL))' is not a URL such as https://canvas.connectmyapps.com/api")
        }
        switch scheme {
        case "https":
            return base
        case "http" where allowInsecureHTTP || Self.isLoopback(host):
            return base
        case "http":
            throw CanvasAPIError(
                kind: .insecureURL, endpoint: nil, status: nil,
                message: "refusing to send the Canvas keys over plain http to \(host); use https, or allow it explicitly"
            )
        default:
            throw CanvasAPIError(kind: .insecureURL, endpoint: nil, status: nil, message: "'\(RedactedURL(baseURL))' must be an https:// URL")
        }
    }

    /// Whether the path of a checked base URL ends in `/api`, as the Canvas API's does: a 404
    /// below one that does not means the URL is wrong, not the call.
    static func endsInAPI(_ checkedBaseURL: String) -> Bool {
        guard let url = URL(string: checkedBaseURL) else { return false }
        return url.path.lowercased().hasSuffix("/api")
    }

    /// `localhost`, `::1`, or an IPv4 address in 127.0.0.0/8 — written as an address, not a name
    /// that merely starts with "127.".
    static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" || bare == "::1" { return true }
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isNumber) && Int($0)! <= 255 }) else {
            return false
        }
        return octets[0] == "127"
    }
}
