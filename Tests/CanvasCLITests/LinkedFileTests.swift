import CanvasAPI
import CanvasEmulator
import Foundation
import Testing

/// A branch under review may commit a state-side file as a symbolic link to any file the CI run can
/// write. `plan` and `apply` refuse such a file, saying which one and why, and the file it points
/// to is left byte for byte as it was; the emulator does the same for its data file and request log.
struct LinkedFileTests {
    /// What the link points to: text with no newline, which a journal replay would take for a torn
    /// last line and cut off.
    static let victimText = "a file the CI run may write, with no newline at its end"

    /// The quick start copy with `name` (beside the manifests) made a link to a new file holding
    /// ``victimText``; returns the copy and the path of that file.
    static func quickstartWithLink(_ name: String) throws -> (root: String, manifests: String, victim: String) {
        let copy = try PlanCommandTests.quickstartCopy()
        let victim = copy.root + "/victim.txt"
        try Data(victimText.utf8).write(to: URL(fileURLWithPath: victim))
        try FileManager.default.createSymbolicLink(atPath: copy.manifests + "/" + name, withDestinationPath: victim)
        return (copy.root, copy.manifests, victim)
    }

    static func expectUnchanged(_ victim: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: victim))
        #expect(bytes == Data(victimText.utf8), "the link's target was changed", sourceLocation: sourceLocation)
    }

    @Test("a journal committed as a link: plan and apply refuse it and its target is unchanged", arguments: ["plan", "apply"])
    func linkedJournal(command: String) async throws {
        let (root, manifests, victim) = try Self.quickstartWithLink("canvasctl.state.json.journal")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try await PlanCommandTests.withEmulator { emulator, environment in
            let arguments = command == "apply" ? ["apply", manifests, "--auto-approve"] : ["plan", manifests]
            let run = await CLI.run(arguments, environment: environment)
            #expect(run.exitCode == 1, "\(run.output)\(run.error)")
            #expect(
                run.error.contains("canvasctl.state.json.journal is a symbolic link; canvasctl does not follow links for its state files: remove it"),
                "\(run.error)"
            )
            try Self.expectUnchanged(victim)
            #expect(try await ApplyCommandTests.client(of: emulator).workflows().isEmpty, "nothing was applied")
            PlanCommandTests.expectNoSecrets(run, PlanCommandTests.secrets(of: emulator))
        }
    }

    @Test("a lock file committed as a link: plan and apply refuse it and its target is unchanged", arguments: ["plan", "apply"])
    func linkedLock(command: String) async throws {
        let (root, manifests, victim) = try Self.quickstartWithLink("canvasctl.state.json.lock")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try await PlanCommandTests.withEmulator { emulator, environment in
            let arguments = command == "apply" ? ["apply", manifests, "--auto-approve"] : ["plan", manifests]
            let run = await CLI.run(arguments, environment: environment)
            #expect(run.exitCode == 1, "\(run.output)\(run.error)")
            #expect(run.error.contains("canvasctl.state.json.lock is a symbolic link"), "\(run.error)")
            #expect(!run.error.contains("is locked"), "\(run.error)")
            try Self.expectUnchanged(victim)
            #expect(try await ApplyCommandTests.client(of: emulator).workflows().isEmpty, "nothing was applied")
        }
    }

    @Test("a state file committed as a link is refused, not read")
    func linkedStateFile() async throws {
        let (root, manifests, victim) = try Self.quickstartWithLink("canvasctl.state.json")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try await PlanCommandTests.withEmulator { _, environment in
            let run = await CLI.run(["plan", manifests], environment: environment)
            #expect(run.exitCode == 1, "\(run.output)\(run.error)")
            #expect(run.error.contains("canvasctl.state.json is a symbolic link"), "\(run.error)")
            try Self.expectUnchanged(victim)
        }
    }

    @Test("a journal linked to a file that does not exist: apply refuses it and creates nothing there")
    func danglingJournal() async throws {
        let copy = try PlanCommandTests.quickstartCopy()
        defer { try? FileManager.default.removeItem(atPath: copy.root) }
        let target = copy.root + "/created-through-the-link"
        try FileManager.default.createSymbolicLink(atPath: copy.manifests + "/canvasctl.state.json.journal", withDestinationPath: target)
        try await PlanCommandTests.withEmulator { _, environment in
            let run = await CLI.run(["apply", copy.manifests, "--auto-approve"], environment: environment)
            #expect(run.exitCode == 1, "\(run.output)\(run.error)")
            #expect(run.error.contains("canvasctl.state.json.journal is a symbolic link"), "\(run.error)")
            #expect(!FileManager.default.fileExists(atPath: target))
        }
    }

    @Test("a journal that is a directory is refused as not a regular file")
    func journalDirectory() async throws {
        let copy = try PlanCommandTests.quickstartCopy()
        defer { try? FileManager.default.removeItem(atPath: copy.root) }
        try FileManager.default.createDirectory(atPath: copy.manifests + "/canvasctl.state.json.journal", withIntermediateDirectories: false)
        try await PlanCommandTests.withEmulator { _, environment in
            let run = await CLI.run(["plan", copy.manifests], environment: environment)
            #expect(run.exitCode == 1, "\(run.output)\(run.error)")
            #expect(run.error.contains("canvasctl.state.json.journal is not a regular file"), "\(run.error)")
        }
    }

    @Test("the emulator refuses a data file or a request log that is a link, and leaves the target as it was", arguments: ["data", "log"])
    func linkedEmulatorFiles(file: String) async throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let victim = root + "/victim.txt"
        try Data(Self.victimText.utf8).write(to: URL(fileURLWithPath: victim))
        let link = root + "/linked"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: victim)
        let configuration = file == "data" ? EmulatorConfiguration(dataFile: link) : EmulatorConfiguration(requestLog: link)
        do {
            let emulator = try await CanvasEmulator.start(configuration)
            await emulator.shutdown()
            Issue.record("the emulator started on a linked \(file) file")
        } catch {
            #expect("\(error)" == "\(link) is a symbolic link; the emulator does not follow links for its files: remove it")
        }
        try Self.expectUnchanged(victim)
    }
}
