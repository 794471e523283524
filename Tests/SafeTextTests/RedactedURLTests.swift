import SafeText
import Testing

/// A URL with credentials in it is printed without them, however malformed it is.
struct RedactedURLTests {
    @Test("userinfo is replaced by ***; a URL without any is printed as given", arguments: [
        ("https://canvas.connectmyapps.com/api", "https://canvas.connectmyapps.com/api"),
        ("ftp://user:hunter2@host/api", "ftp://***@host/api"),
        ("https://hunter2@host", "https://***@host"),
        ("https://user:hunt@er2@host/api", "https://***@host/api"),
        ("https://user:hunter/2@host/api", "https://***@host/api"),
        ("user:hunter2@host/api", "***@host/api"),
        ("not a url", "not a url"),
    ])
    func redacted(given: String, printed: String) {
        #expect(RedactedURL(given).description == printed)
    }
}
