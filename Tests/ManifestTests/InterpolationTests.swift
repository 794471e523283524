import Foundation
import Manifest
import Testing
import YAML

/// `${env:}`, `${file:}`, `${var.}`, `$${`, `--var`, `--var-file`, and what is sensitive.
struct InterpolationTests {
    func workflowDescription(_ description: String, files: [String: String] = [:], environment: [String: String] = [:],
                             variables: String = "region: Oslo",
                             overrides: [ManifestLoader.VariableOverride] = [], variableFiles: [String] = []) async throws -> Sourced<String>? {
        var all = files
        all["set.yaml"] = "variables:\n  \(variables)\nworkflows:\n  w:\n    template: T\n    description: \(description)\n"
        let fixture = try ManifestFixture(all)
        let result = await fixture.load(["set.yaml"], environment: environment, overrides: overrides, variableFiles: variableFiles)
        if case .failure(let errors) = result { Issue.record("unexpected: \(errors)") }
        return result.value?.workflows.first?.description
    }

    @Test("${var.NAME} is replaced and is not sensitive")
    func variable() async throws {
        let value = try await workflowDescription("\"in ${var.region}!\"")
        #expect(value?.value == "in Oslo!")
        #expect(value?.isSensitive == false)
    }

    @Test("${env:NAME} is replaced and is sensitive")
    func environment() async throws {
        let value = try await workflowDescription("key-${env:KEY}", environment: ["KEY": "abc"])
        #expect(value?.value == "key-abc")
        #expect(value?.isSensitive == true)
    }

    @Test("${file:PATH} is read relative to the manifest, one trailing newline dropped, sensitive")
    func file() async throws {
        let value = try await workflowDescription("${file:secrets/pw}", files: ["secrets/pw": "hunter2\n\n"])
        #expect(value?.value == "hunter2\n")
        #expect(value?.isSensitive == true)
        let crlf = try await workflowDescription("${file:pw}", files: ["pw": "abc\r\n"])
        #expect(crlf?.value == "abc")
    }

    @Test("$${ is a literal ${, and a lone $ stays")
    func escape() async throws {
        let value = try await workflowDescription("'costs $5, $${not.a.ref} and $${env:X}'")
        #expect(value?.value == "costs $5, ${not.a.ref} and ${env:X}")
        #expect(value?.isSensitive == false)
    }

    @Test("a variable built from env: is sensitive wherever it is used")
    func sensitiveVariable() async throws {
        let value = try await workflowDescription("${var.token}", environment: ["T": "t0k"], variables: "token: ${env:T}")
        #expect(value?.value == "t0k")
        #expect(value?.isSensitive == true)
    }

    @Test("numbers used as variables keep their text")
    func numericVariable() async throws {
        let value = try await workflowDescription("v${var.version}", variables: "version: 1.10")
        #expect(value?.value == "v1.10")
    }

    @Test("--var overrides a declared variable; --var-file too, and --var wins over it")
    func overrides() async throws {
        let fromVar = try await workflowDescription("${var.region}", overrides: [.init(name: "region", value: "Bergen")])
        #expect(fromVar?.value == "Bergen")
        let fromFile = try await workflowDescription("${var.region}", files: ["prod.yaml": "region: Trondheim\n"], variableFiles: ["prod.yaml"])
        #expect(fromFile?.value == "Trondheim")
        let both = try await workflowDescription(
            "${var.region}", files: ["prod.yaml": "region: Trondheim\n"],
            overrides: [.init(name: "region", value: "Bergen")], variableFiles: ["prod.yaml"]
        )
        #expect(both?.value == "Bergen")
    }

    @Test("interpolation errors point at the reference inside the scalar")
    func errors() async throws {
        let fixture = try ManifestFixture(["a.yaml": """
            variables:
              region: Oslo
              nested: ${var.region}
            workflows:
              w:
                template: T
                description: "x ${env:NOPE} ${var.regon} ${file:missing.txt} ${foo} ${env:}"
                name: ok ${unterminated
            """])
        let errors = await fixture.errors()
        #expect(errors == [
            "a.yaml:3:11: error: a variable's value cannot refer to another variable (${var.region})",
            "a.yaml:7:21: error: environment variable NOPE is not set (used as ${env:NOPE})",
            "a.yaml:7:33: error: undefined variable 'regon' (used as ${var.regon}); did you mean 'region'?",
            "a.yaml:7:46: error: cannot read ${file:missing.txt}: it must name a readable UTF-8 text file of at most 1 MiB inside the "
                + "manifest set's root (\(fixture.directory)), not through a link that leads out of it",
            "a.yaml:7:66: error: unknown interpolation \"${foo}\": use ${env:NAME}, ${file:PATH} or ${var.NAME}, or write \"$${\" for a literal \"${\"",
            "a.yaml:7:73: error: \"${env:}\" needs a variable name, as in ${env:API_KEY}",
            "a.yaml:8:14: error: unterminated \"${\": add the closing \"}\", or write \"$${\" for a literal \"${\"",
        ].map(fixture.strip))
    }

    @Test("overriding an undeclared variable is an error with a suggestion")
    func undeclaredOverride() async throws {
        let fixture = try ManifestFixture([
            "a.yaml": "variables:\n  region: Oslo\n",
            "vars.yaml": "regio: Bergen\n",
        ])
        let errors = await fixture.errors(["a.yaml"], overrides: [.init(name: "regoin", value: "x")], variableFiles: ["vars.yaml"])
        #expect(errors == [
            "vars.yaml:1:1: error: variable 'regio' is not declared in any 'variables:' block; did you mean 'region'?",
            "--var regoin: error: variable 'regoin' is not declared in any 'variables:' block; did you mean 'region'?",
        ])
    }

    @Test("errors never show a secret value")
    func noSecretsInErrors() async throws {
        let secret = "Sup3rS3cret-value"
        let fixture = try ManifestFixture([
            "a.yaml": """
                applications:
                  a:
                    app: Quinyx
                    credentials: { apikey: "${env:KEY}", nested: [x] }
                  b:
                    app: Quinyx
                    name: ${env:KEY}
                  c:
                    app: Quinyx
                    name: ${env:KEY}
                workflows:
                  w:
                    template: T
                    schedule: { cron: "${env:KEY}" }
                """,
        ])
        let errors = await fixture.errors(environment: ["KEY": secret])
        #expect(errors.count == 3)
        #expect(!errors.joined().contains(secret))
    }
}

/// A sensitive value cannot be printed by accident.
struct SensitivePrintingTests {
    @Test("interpolating, printing or dumping a sensitive value shows (sensitive)")
    func redacted() {
        let secret = Sourced("hunter2", at: Mark(file: "a.yaml", line: 1, column: 1), isSensitive: true)
        var dumped = ""
        dump(secret, to: &dumped)
        #expect("\(secret)" == "(sensitive)")
        #expect(String(reflecting: secret) == "Sourced((sensitive) at a.yaml:1:1)")
        #expect(!dumped.contains("hunter2"))
        let plain = Sourced("Oslo", at: Mark(file: "a.yaml", line: 1, column: 1))
        #expect("\(plain)" == "Oslo")
    }
}
