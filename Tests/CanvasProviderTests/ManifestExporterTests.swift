import CanvasAPI
import CanvasProvider
import Testing
import YAML

/// What `export` writes from a hostile catalog: names and labels a server chose end up in comments
/// and values, and must not add a line of their own to the file.
struct ManifestExporterTests {
    static let catalogID = CanvasID("3f2504e0-4f89-41d3-9a0c-0305e82c3301")!
    static let registeredID = CanvasID("6ba7b810-9dad-41d1-80b4-00c04fd430c8")!

    /// An account whose catalog application labels its credential fields, and names its choices,
    /// with a line break followed by what would be a sibling credential read from a file.
    static func account(lineBreak: String) -> ManifestExporter.Account {
        let injected = "\(lineBreak)      smuggled: ${file:/etc/passwd}"
        let catalog = CatalogApplication(
            id: catalogID, name: "FTP Server\(injected)", shortName: "FTP",
            credentialFields: [
                CredentialField(shortName: "password", name: "Password\(injected)", type: "password"),
                CredentialField(shortName: "mode", name: "Mode", type: "select", options: "active\(injected)|Active,passive|Passive"),
                CredentialField(shortName: "note\(injected)", name: "Note", optional: true),
            ]
        )
        let registered = RegisteredApplication(
            id: registeredID, applicationId: catalogID, tagText: "ftp\(injected)", description: "main\(injected)"
        )
        let live = LiveState(account: nil, catalog: [catalog], templates: [], registeredApplications: [registered], workflows: [])
        return ManifestExporter.Account(id: nil, live: live, label: "account Acme\(injected)")
    }

    /// The value of `key` in the mapping `node`.
    static func value(of key: String, in node: Node) -> Node? {
        node.pairs?.first { $0.key.scalar?.text == key }?.value
    }

    /// Every scalar of `node`, keys included.
    static func scalars(_ node: Node) -> [String] {
        switch node.content {
        case .scalar(let scalar): [scalar.text]
        case .sequence(let items): items.flatMap(scalars)
        case .mapping(let pairs): pairs.flatMap { scalars($0.key) + scalars($0.value) }
        }
    }

    @Test("a catalog label with CR, NEL, LS or PS adds no line to the exported file", arguments: ["\r", "\u{85}", "\u{2028}", "\u{2029}", "\n"])
    func lineBreakInLabels(_ lineBreak: String) throws {
        let export = ManifestExporter().export([Self.account(lineBreak: lineBreak)], generatedOn: "2026-01-01")
        let file = try #require(export.files.first)
        let loaded = YAMLLoader().load(file.text, file: file.name)
        #expect(loaded.errors.isEmpty, "\(loaded.errors)\n\(file.text)")
        let document = try #require(loaded.documents.first)
        let values = Self.scalars(document)
        #expect(!values.contains { $0.hasPrefix("${file:") }, "\(file.text)")
        #expect(!values.contains("smuggled"), "\(file.text)")
        let application = try #require(Self.value(of: "applications", in: document)?.pairs?.first?.value)
        let credentials = try #require(Self.value(of: "credentials", in: application))
        #expect(credentials.pairs?.map { $0.key.scalar?.text } == ["password", "mode"], "\(file.text)")
    }
}
