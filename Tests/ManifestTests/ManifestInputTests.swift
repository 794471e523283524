import Foundation
import Manifest
import OrderedCollections
import Testing
import YAML

/// How the loader treats awkward files and strings: special files, the same file twice, columns
/// inside scalars that do not map one to one onto their source, aliases of large strings.
struct ManifestInputTests {
    @Test("a FIFO named like a manifest is an error, not a hang")
    func fifo() async throws {
        let fixture = try ManifestFixture(["a.yaml": "applications: {a: {app: X}}\n"])
        #expect(mkfifo(fixture.path("pipe.yaml"), 0o600) == 0)
        #expect(await fixture.errors() == ["pipe.yaml: error: not a regular file"])
        #expect(await fixture.errors(["pipe.yaml"]) == ["pipe.yaml: error: not a regular file or a directory"])
    }

    @Test("the same file named twice, or through a directory and by name, is read once")
    func sameFileTwice() async throws {
        let fixture = try ManifestFixture(["dir/a.yaml": "applications: {a: {app: X}}\n"])
        let set = try #require(await fixture.load(["dir", "dir/a.yaml", "dir//a.yaml", "dir/../dir/a.yaml"]).value)
        #expect(set.files.count == 1)
        #expect(set.applications.count == 1)
    }

    @Test("errors inside scalars that span lines or hold escapes point at the scalar")
    func columnsInsideScalars() async throws {
        let fixture = try ManifestFixture(["a.yaml": """
            workflows:
              a:
                template: T
                description: folded plain text
                  with ${var.nope} on its second line
              b:
                template: T
                description: "tab\\there ${var.nope}"
              c:
                template: T
                description: "ünï ${var.nope}"
              d:
                template: T
                description: '🇳🇴 ${var.nope}'
            """])
        #expect(await fixture.errors() == [
            "a.yaml:4:18: error: undefined variable 'nope' (used as ${var.nope})",
            "a.yaml:8:18: error: undefined variable 'nope' (used as ${var.nope})",
            "a.yaml:11:23: error: undefined variable 'nope' (used as ${var.nope})",
            "a.yaml:14:22: error: undefined variable 'nope' (used as ${var.nope})",
        ])
    }

    @Test("CRLF line endings and a byte order mark change no line or column")
    func crlfAndBOM() async throws {
        let fixture = try ManifestFixture([:])
        try fixture.write("a.yaml", Data([0xEF, 0xBB, 0xBF]) + Data("applications:\r\n  a:\r\n    app: X\r\n    bogus: 1\r\n".utf8))
        #expect(await fixture.errors() == ["a.yaml:4:5: error: unknown key 'bogus' in application 'a'; known keys are 'app', 'name', 'credentials', 'id', 'protect'"])
    }

    @Test("a large file read through many aliases is read once and shared")
    func aliasedFile() async throws {
        let big = String(repeating: "x", count: 100_000)
        var text = "applications:\n  a:\n    app: X\n    credentials:\n      k0: &big \"${file:big.txt}\"\n"
        for index in 1...2_000 { text += "      k\(index): *big\n" }
        let fixture = try ManifestFixture(["a.yaml": text, "big.txt": big])
        let set = try #require(await fixture.load(["a.yaml"]).value)
        let credentials = try #require(set.applications.first?.credentials)
        #expect(credentials.count == 2_001)
        #expect(credentials.values.allSatisfy { $0.value == .string(big) && $0.isSensitive })
    }

    @Test("application slots are interpolated")
    func slotInterpolation() async throws {
        let fixture = try ManifestFixture(["a.yaml": """
            variables: {source: quinyx}
            applications: {quinyx: {app: Quinyx}}
            workflows:
              w: {template: T, applications: {QUIN: "${var.source}"}}
            """])
        let set = try #require(await fixture.load().value)
        #expect(set.workflows.first?.applications["QUIN"]?.value == "quinyx")
    }

    @Test("keys that differ in YAML but not as names are duplicates")
    func sameNameKeys() async throws {
        let fixture = try ManifestFixture(["a.yaml": """
            applications:
              a:
                app: X
                credentials: {1: one, "1": two}
            """])
        #expect(await fixture.errors() == ["a.yaml:4:27: error: '1' is given twice in this mapping"])
    }

    @Test("a pinned id is a reference: it cannot come from a secret, and no message shows the secret")
    func secretId() async throws {
        let secret = "fda1f9ee-4c7f-4e0a-a459-2e434dbbef7d"
        let fixture = try ManifestFixture(["a.yaml": """
            applications:
              a: {app: X, id: "${env:ID}"}
              b: {app: X, id: "${env:ID}"}
            """])
        let errors = await fixture.errors(environment: ["ID": secret])
        let refused = "error: a reference (app:, template:, an application slot, account: or id:) cannot use ${env:ID}: "
            + "references are shown in plans and messages, so they never come from a secret; write the name, key or id itself"
        #expect(errors == ["a.yaml:2:20: " + refused, "a.yaml:3:20: " + refused])
        #expect(!errors.joined().contains(secret))
    }

    @Test("an overridden secret variable stays sensitive")
    func overriddenSecret() async throws {
        let fixture = try ManifestFixture(["a.yaml": """
            variables: {token: "${env:T}"}
            workflows: {w: {template: T, description: "${var.token}"}}
            """])
        let set = try #require(await fixture.load(environment: ["T": "a"], overrides: [.init(name: "token", value: "b")]).value)
        #expect(set.workflows.first?.description == Sourced("b", at: set.workflows[0].location, isSensitive: true))
    }
}
