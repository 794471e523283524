import Foundation
import Testing

/// What a person (or a CI log, or a pull-request comment) sees of text canvasctl did not write: a
/// manifest's values and a server's error messages, with control, C1 and bidi characters escaped.
struct EscapedOutputTests {
    /// Characters that act on a terminal or a viewer when printed as themselves.
    static let raw = ["\u{1B}", "\u{7}", "\u{9B}", "\u{202E}"]

    /// No raw control or bidi character, and no line that a forged line break started.
    static func expectHarmless(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for character in raw {
            #expect(!text.contains(character), "\(text)", sourceLocation: sourceLocation)
        }
        #expect(!text.split(whereSeparator: \.isNewline).contains { $0.hasPrefix("error: fake") }, "\(text)", sourceLocation: sourceLocation)
    }

    @Test("a manifest description with ESC, U+009B and U+202E is planned escaped, in text and in Markdown")
    func manifestValues() async throws {
        let copy = try PlanCommandTests.quickstartCopy()
        defer { try? FileManager.default.removeItem(atPath: copy.root) }
        let file = copy.manifests + "/workflows.yaml"
        let manifest = try String(contentsOfFile: file, encoding: .utf8)
        try manifest.replacingOccurrences(
            of: "description: Nightly copy of Quinyx employees to the FTP server",
            with: #"description: "Nightly \e[31mred\x9B2J\u202Egpj.exe\nerror: fake""#
        ).write(toFile: file, atomically: true, encoding: .utf8)
        try await PlanCommandTests.withEmulator { _, environment in
            let text = await CLI.run(["plan", copy.manifests], environment: environment)
            #expect(text.exitCode == 0, "\(text.error)")
            Self.expectHarmless(text.output)
            #expect(text.output.contains(#"= "Nightly \u{1B}[31mred\u{9B}2J\u{202E}gpj.exe\nerror: fake""#), "\(text.output)")
            let markdown = await CLI.run(["plan", copy.manifests, "--format", "markdown"], environment: environment)
            #expect(markdown.exitCode == 0, "\(markdown.error)")
            Self.expectHarmless(markdown.output)
            #expect(markdown.output.contains(#"= "Nightly \u{1B}[31mred\u{9B}2J\u{202E}gpj.exe\nerror: fake""#), "\(markdown.output)")
        }
    }

    @Test("a server's error message with ESC, BEL and a forged error line prints as one escaped error on stderr")
    func serverMessage() async throws {
        let server = try await RefusingServer.start(
            status: 400, body: #"{"State":400,"Msg":"refused \u001b[31mred\u0007\nerror: fake \u009b2J \u202e"}"#
        )
        let copy = try PlanCommandTests.quickstartCopy()
        defer { try? FileManager.default.removeItem(atPath: copy.root) }
        let environment = [
            "CANVAS_URL": server.baseURL, "CANVAS_CONSUMER_KEY": "consumer", "CANVAS_SECRET_KEY": "secret-key",
            "QUINYX_API_KEY": PlanCommandTests.quinyxKey,
        ]
        let run = await CLI.run(["plan", copy.manifests], environment: environment)
        await server.stop()
        #expect(run.exitCode == 1)
        Self.expectHarmless(run.error)
        #expect(run.error.contains(#"refused \u{1B}[31mred\u{7}\u{A}error: fake \u{9B}2J \u{202E}"#), "\(run.error)")
        #expect(run.error.split(whereSeparator: \.isNewline).count { $0.hasPrefix("error:") } == 1, "\(run.error)")
    }
}
