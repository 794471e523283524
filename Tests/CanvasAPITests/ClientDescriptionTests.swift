import CanvasAPI
import Testing

/// A client never shows what it was configured with that is secret.
struct ClientDescriptionTests {
    @Test("a client describes itself without its base URL's userinfo")
    func clientDescription() throws {
        let client = try CanvasClient(configuration: CanvasClientConfiguration(
            baseURL: "https://user:hunter2@canvas.example.com/api", credentials: .bearer(token: "t")
        ))
        #expect(!"\(client)".contains("hunter2"), "\(client)")
        #expect(!String(reflecting: client).contains("hunter2"))
        #expect("\(client)".contains("https://***@canvas.example.com/api"), "\(client)")
    }
}
