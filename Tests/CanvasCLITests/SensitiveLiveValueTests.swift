import CanvasAPI
import Foundation
import Testing

/// A name or description the manifests take from a secret is a secret live too: after an apply,
/// later plans (every format, and the saved plan) and `export` never show the live text.
struct SensitiveLiveValueTests {
    static let firstToken = "desc-token-first-91c2"
    static let secondToken = "desc-token-second-4d7e"

    /// The quick start with employee-export-csv's description taken from `${env:DESCRIPTION_TOKEN}`.
    static func manifests() throws -> (root: String, manifests: String) {
        let copy = try PlanCommandTests.quickstartCopy()
        let path = copy.manifests + "/workflows.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(
            of: "description: Employees as CSV on the FTP server, as employees-$${date}.csv",
            with: "description: \"token=${env:DESCRIPTION_TOKEN}\""
        )
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return copy
    }

    @Test("a sensitive description changed after apply shows as (sensitive) on both sides, in every format")
    func descriptionAfterApply() async throws {
        let copy = try Self.manifests()
        defer { try? FileManager.default.removeItem(atPath: copy.root) }
        try await PlanCommandTests.withEmulator { emulator, base in
            var environment = base
            environment["DESCRIPTION_TOKEN"] = Self.firstToken
            let apply = await CLI.run(["apply", copy.manifests, "--auto-approve"], environment: environment)
            #expect(apply.exitCode == 0, "\(apply.error)")

            // The same secret: nothing to do.
            let same = await CLI.run(["plan", copy.manifests, "--detailed-exitcode"], environment: environment)
            #expect(same.exitCode == 0, "\(same.output)\(same.error)")

            environment["DESCRIPTION_TOKEN"] = Self.secondToken
            let secrets = PlanCommandTests.secrets(of: emulator) + [Self.firstToken, Self.secondToken]
            for format in ["text", "json", "markdown"] {
                let plan = await CLI.run(["plan", copy.manifests, "--format", format], environment: environment)
                #expect(plan.exitCode == 0, "\(plan.error)")
                #expect(plan.output.contains("description"), "\(format): \(plan.output)")
                PlanCommandTests.expectNoSecrets(plan, secrets)
            }
            let text = await CLI.run(["plan", copy.manifests], environment: environment)
            #expect(text.output.contains("~ description = (sensitive) -> (sensitive)"), "\(text.output)")

            let file = copy.root + "/plan.json"
            let saved = await CLI.run(["plan", copy.manifests, "--out", file], environment: environment)
            #expect(saved.exitCode == 0, "\(saved.error)")
            let savedText = try String(contentsOfFile: file, encoding: .utf8)
            for secret in secrets { #expect(!savedText.contains(secret), "the saved plan holds a secret") }

            // Export writes the description as a placeholder, since the state records it as a secret.
            let out = copy.root + "/exported"
            let export = await CLI.run(
                ["export", "--out", out, "--state", copy.manifests + "/canvasctl.state.json", "--force"], environment: environment
            )
            #expect(export.exitCode == 0, "\(export.error)")
            PlanCommandTests.expectNoSecrets(export, secrets)
            let exported = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasSuffix(".yaml") }
            #expect(!exported.isEmpty)
            for name in exported {
                let written = try String(contentsOfFile: out + "/" + name, encoding: .utf8)
                for secret in secrets { #expect(!written.contains(secret), "\(name) holds a secret") }
                #expect(written.contains("description: ${env:EMPLOYEE_EXPORT_CSV_DESCRIPTION}") || !written.contains("employee-export-csv"), "\(written)")
            }
            #expect(export.output.contains("EMPLOYEE_EXPORT_CSV_DESCRIPTION"), "\(export.output)")
        }
    }
}
