import Foundation
import Testing

/// What a pull request's manifests can make `validate` print, as CI posts it: never the CI job's
/// secrets, and never a file outside the manifest set's root.
struct PullRequestExfiltrationTests {
    static let secretKey = "ci-secret-key-7f3a9c2e"
    static let outsideSecret = "outside-secret-5b1d8e0a"
    static let environment = ["CANVAS_SECRET_KEY": secretKey, "CANVAS_CONSUMER_KEY": "ci-consumer-0a9b8c7d"]

    /// A manifest set root (`root/set`) with `set/a.yaml` holding `manifest`, beside a secret file
    /// outside it (`root/outside/secret.txt`).
    static func layout(_ manifest: String) throws -> (root: String, set: String) {
        let root = try CLI.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: root + "/set", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/outside", withIntermediateDirectories: true)
        try (outsideSecret + "\n").write(toFile: root + "/outside/secret.txt", atomically: true, encoding: .utf8)
        try manifest.write(toFile: root + "/set/a.yaml", atomically: true, encoding: .utf8)
        return (root, root + "/set")
    }

    static func workflow(slot: String = "app", template: String = "Demo workflow", description: String = "nightly") -> String {
        """
        applications:
          app: { app: Quinyx }
        workflows:
          w:
            template: "\(template)"
            description: "\(description)"
            applications: { QUIN: "\(slot)" }
        """
    }

    static func expectNothingLeaked(_ run: CLIRun, sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in [secretKey, outsideSecret, "ci-consumer-0a9b8c7d"] {
            #expect(!run.output.contains(secret), "stdout shows a secret", sourceLocation: sourceLocation)
            #expect(!run.error.contains(secret), "stderr shows a secret", sourceLocation: sourceLocation)
        }
    }

    struct Reference: Sendable, CustomStringConvertible {
        var description: String
        var manifest: String
        var interpolation: String
    }

    static let references: [Reference] = [
        Reference(description: "a slot from ${env:}", manifest: workflow(slot: "${env:CANVAS_SECRET_KEY}"), interpolation: "${env:CANVAS_SECRET_KEY}"),
        Reference(description: "a slot from an absolute ${file:}", manifest: workflow(slot: "${file:/proc/self/environ}"), interpolation: "${file:/proc/self/environ}"),
        Reference(description: "a template from ${env:}", manifest: workflow(template: "${env:CANVAS_SECRET_KEY}"), interpolation: "${env:CANVAS_SECRET_KEY}"),
    ]

    @Test("a reference takes no secret: the message names the interpolation, never its value", arguments: references)
    func referenceFromSecret(_ reference: Reference) async throws {
        let set = try Self.layout(reference.manifest)
        defer { try? FileManager.default.removeItem(atPath: set.root) }
        let run = await CLI.run(["validate", set.set], environment: Self.environment)
        #expect(run.exitCode == 1)
        #expect(run.error.contains("a.yaml:"), "\(run.error)")
        #expect(run.error.contains("cannot use \(reference.interpolation): references are shown in plans and messages"), "\(run.error)")
        #expect(!run.error.contains("unknown application"), "\(run.error)")
        Self.expectNothingLeaked(run)
    }

    @Test("a sensitive variable cannot be a reference")
    func sensitiveVariableReference() async throws {
        let set = try Self.layout("variables:\n  key: ${env:CANVAS_SECRET_KEY}\n" + Self.workflow(slot: "${var.key}"))
        defer { try? FileManager.default.removeItem(atPath: set.root) }
        let run = await CLI.run(["validate", set.set], environment: Self.environment)
        #expect(run.exitCode == 1)
        #expect(run.error.contains("cannot use ${var.key}"), "\(run.error)")
        Self.expectNothingLeaked(run)
    }

    @Test("${file:} outside the root is refused, as written, unless --allow-file-outside")
    func fileOutsideRoot() async throws {
        let set = try Self.layout(Self.workflow(description: "${file:../outside/secret.txt}"))
        defer { try? FileManager.default.removeItem(atPath: set.root) }
        let refused = await CLI.run(["validate", set.set], environment: Self.environment)
        #expect(refused.exitCode == 1)
        #expect(refused.error.contains("a.yaml:6:19: error: ${file:../outside/secret.txt} is outside the manifest set's root"), "\(refused.error)")
        #expect(refused.error.contains("--allow-file-outside"))
        Self.expectNothingLeaked(refused)

        let absolute = try Self.layout(Self.workflow(description: "${file:/etc/hostname}"))
        defer { try? FileManager.default.removeItem(atPath: absolute.root) }
        let refusedAbsolute = await CLI.run(["validate", absolute.set], environment: Self.environment)
        #expect(refusedAbsolute.exitCode == 1)
        #expect(refusedAbsolute.error.contains("${file:/etc/hostname} is outside the manifest set's root"), "\(refusedAbsolute.error)")

        let allowed = await CLI.run(["validate", set.set, "--allow-file-outside"], environment: Self.environment)
        #expect(allowed.exitCode == 0, "\(allowed.error)")
        Self.expectNothingLeaked(allowed)
    }

    @Test("a link inside the root that leads out reads as unreadable, worded as a missing file is")
    func linkOutOfRoot() async throws {
        let set = try Self.layout(Self.workflow(description: "${file:link.txt}"))
        defer { try? FileManager.default.removeItem(atPath: set.root) }
        try FileManager.default.createSymbolicLink(atPath: set.set + "/link.txt", withDestinationPath: set.root + "/outside/secret.txt")
        let linked = await CLI.run(["validate", set.set], environment: Self.environment)
        #expect(linked.exitCode == 1)
        Self.expectNothingLeaked(linked)

        // One message for a link out, a link to nothing and a missing file: none tells what exists.
        try FileManager.default.removeItem(atPath: set.set + "/link.txt")
        try FileManager.default.createSymbolicLink(atPath: set.set + "/link.txt", withDestinationPath: set.root + "/outside/nothing.txt")
        let dangling = await CLI.run(["validate", set.set], environment: Self.environment)
        try FileManager.default.removeItem(atPath: set.set + "/link.txt")
        let missing = await CLI.run(["validate", set.set, "--require-secrets"], environment: Self.environment)
        let expected = "a.yaml:6:19: error: cannot read ${file:link.txt}: it must name a readable UTF-8 text file of at most 1 MiB "
            + "inside the manifest set's root"
        for run in [linked, dangling, missing] {
            #expect(run.error.contains(expected), "\(run.error)")
        }
        #expect(linked.error == dangling.error && dangling.error == missing.error)

        // Without --require-secrets a file that is not there at all is a note; a link, wherever it
        // leads, is still the same error, so the note tells nothing about what exists outside.
        let noted = await CLI.run(["validate", set.set], environment: Self.environment)
        #expect(noted.exitCode == 0, "\(noted.error)")
        #expect(noted.error.contains("a.yaml:6:19: note: file link.txt does not exist (used as ${file:link.txt} here)"), "\(noted.error)")
    }

    @Test("a file over 1 MiB is not read")
    func largeFile() async throws {
        let set = try Self.layout(Self.workflow(description: "${file:big.txt}"))
        defer { try? FileManager.default.removeItem(atPath: set.root) }
        try Data(repeating: UInt8(ascii: "x"), count: (1 << 20) + 1).write(to: URL(fileURLWithPath: set.set + "/big.txt"))
        let run = await CLI.run(["validate", set.set], environment: Self.environment)
        #expect(run.exitCode == 1)
        #expect(run.error.contains("cannot read ${file:big.txt}: it must name a readable UTF-8 text file of at most 1 MiB"), "\(run.error)")
    }

    @Test("a manifest file committed as a link out of the root is not read")
    func manifestLinkOutOfRoot() async throws {
        let set = try Self.layout(Self.workflow())
        defer { try? FileManager.default.removeItem(atPath: set.root) }
        try "applications: {\(Self.outsideSecret): {app: Quinyx}}\n".write(toFile: set.root + "/outside/b.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: set.set + "/b.yaml", withDestinationPath: set.root + "/outside/b.yaml")
        let run = await CLI.run(["validate", set.set], environment: Self.environment)
        #expect(run.exitCode == 1)
        #expect(run.error.contains("b.yaml: error: this file is a link that leads outside the manifest set's root"), "\(run.error)")
        Self.expectNothingLeaked(run)
    }

    @Test("${file:} inside the root, also through a link that stays inside, is read")
    func fileInsideRoot() async throws {
        let set = try Self.layout(Self.workflow(description: "${file:secrets/description.txt}"))
        defer { try? FileManager.default.removeItem(atPath: set.root) }
        try FileManager.default.createDirectory(atPath: set.set + "/secrets", withIntermediateDirectories: true)
        try "text\n".write(toFile: set.set + "/real.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: set.set + "/secrets/description.txt", withDestinationPath: "../real.txt")
        let run = await CLI.run(["validate", set.set], environment: Self.environment)
        #expect(run.exitCode == 0, "\(run.error)")
    }
}
