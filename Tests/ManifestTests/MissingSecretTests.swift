import Foundation
import Manifest
import OrderedCollections
import Testing

/// A set loaded without requiring its secrets (`validate`): what is missing is listed once, and
/// everything the set could read is read as usual.
struct MissingSecretTests {
    static let set = """
        variables:
          token: ${env:TOKEN}
        applications:
          a: {app: Quinyx, credentials: {apikey: "${var.token}", password: "${file:secrets/pw}"}}
          b: {app: Quinyx, name: B, credentials: {apikey: "${env:TOKEN}", other: "${env:PRESENT}"}}
        workflows:
          w: {template: T, description: "${file:secrets/pw}"}
          v: {template: T, schedule: {cron: "${env:CRON}"}}
        """

    @Test("unset variables and missing files are notes, one per secret, at its first use, with its uses counted")
    func notes() async throws {
        let fixture = try ManifestFixture(["set.yaml": Self.set])
        let set = try #require(await fixture.load(environment: ["PRESENT": "here"], requiresSecrets: false).value)
        #expect(set.missingSecrets.map { fixture.strip($0.description) } == [
            "set.yaml:2:10: note: environment variable TOKEN is not set (used as ${env:TOKEN} here and 1 more place); "
                + "the rest of the set is checked, and plan and apply need the value",
            "set.yaml:4:69: note: file secrets/pw does not exist (used as ${file:secrets/pw} here and 1 more place); "
                + "the rest of the set is checked, and plan and apply need the value",
            "set.yaml:8:38: note: environment variable CRON is not set (used as ${env:CRON} here); "
                + "the rest of the set is checked, and plan and apply need the value",
        ])
        // What stands in is the interpolation's text, and it is as sensitive as the value would be.
        let apikey = try #require(set.applications.first?.credentials["apikey"])
        #expect(apikey.isSensitive)
        #expect(set.workflows.first?.description?.value == "${file:secrets/pw}")
        #expect(set.workflows.first?.description?.isSensitive == true)
        #expect(set.secrets.contains("here"), "a secret that was read is still kept out of what servers answer")
    }

    @Test("required (plan, apply) they are errors at every use")
    func required() async throws {
        let fixture = try ManifestFixture(["set.yaml": Self.set])
        let errors = await fixture.errors(environment: ["PRESENT": "here"])
        #expect(errors.count == 6, "\(errors)")
        #expect(errors.first == "set.yaml:2:10: error: environment variable TOKEN is not set (used as ${env:TOKEN})")
    }

    @Test("a file that exists but cannot be read stays an error, and so does one outside the root")
    func unreadable() async throws {
        let fixture = try ManifestFixture([
            "set/set.yaml": "workflows:\n  w: {template: T, description: \"${file:dir}\"}\n  v: {template: T, description: \"${file:../out}\"}\n",
            "set/dir/x": "",
            "out": "secret",
        ])
        let result = await fixture.load(["set"], requiresSecrets: false)
        guard case .failure(let errors) = result else {
            Issue.record("expected errors")
            return
        }
        #expect(errors.notes.isEmpty)
        #expect(errors.diagnostics.count == 2, "\(errors)")
    }
}
