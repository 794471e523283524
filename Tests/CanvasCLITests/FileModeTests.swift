import CanvasAPI
import CanvasEmulator
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Every file canvasctl and its emulator create is readable by their owner only (0600), and every
/// directory they create is 0700, from the start and whatever the umask: a saved plan, exported
/// manifests, the emulator's data file and request log name accounts, ids and, for the emulator,
/// keys and credentials.
///
/// Serialized: each test sets the process's umask to 000 (the widest), and two tests doing that at
/// once could restore each other's value.
@Suite(.serialized)
struct FileModeTests {
    /// The permission bits of `path` itself (a link is not followed).
    static func mode(_ path: String) -> mode_t? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        return status.st_mode & 0o7777
    }

    /// Runs `body` with the umask at 000, so that nothing narrows the mode a file is created with,
    /// and restores the umask afterwards.
    static func withOpenUmask<T>(_ body: () async throws -> T) async rethrows -> T {
        let previous = umask(0)
        defer { umask(previous) }
        return try await body()
    }

    static func expectMode(_ path: String, _ expected: mode_t, sourceLocation: SourceLocation = #_sourceLocation) {
        let found = mode(path)
        #expect(
            found == expected, "\(path) is \(found.map { String($0, radix: 8) } ?? "missing"), not \(String(expected, radix: 8))",
            sourceLocation: sourceLocation
        )
    }

    @Test("plan --out writes the plan 0600, under a umask of 000")
    func savedPlan() async throws {
        let copy = try PlanCommandTests.quickstartCopy()
        defer { try? FileManager.default.removeItem(atPath: copy.root) }
        let file = copy.root + "/plan.json"
        try await PlanCommandTests.withEmulator { _, environment throws in
            let run = await Self.withOpenUmask { await CLI.run(["plan", copy.manifests, "--out", file], environment: environment) }
            #expect(run.exitCode == 0, "\(run.error)")
            Self.expectMode(file, 0o600)
            #expect(try FileManager.default.contentsOfDirectory(atPath: copy.root).sorted() == ["plan.json", "quickstart"], "no temporary file is left")
        }
    }

    @Test("export creates its directories 0700 and its manifests and state 0600, under a umask of 000")
    func export() async throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try await PlanCommandTests.withEmulator { emulator, environment in
            _ = try await ExportCommandTests.buildEstate(ApplyCommandTests.client(of: emulator))
            let out = root + "/new/manifests"
            let run = await Self.withOpenUmask { await CLI.run(["export", "--out", out, "--account", "own"], environment: environment) }
            #expect(run.exitCode == 0, "\(run.error)")
            Self.expectMode(root + "/new", 0o700)
            Self.expectMode(out, 0o700)
            let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
            #expect(files == ["canvasctl.state.json", "own-account.yaml"], "\(files)")
            for file in files { Self.expectMode(out + "/" + file, 0o600) }
        }
    }

    @Test("the emulator creates its data file 0600 (its directory 0700) and its request log 0600, under a umask of 000")
    func emulatorFiles() async throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let data = root + "/home/emulator.json"
        let log = root + "/requests.jsonl"
        try await Self.withOpenUmask {
            let emulator = try await CanvasEmulator.start(EmulatorConfiguration(dataFile: data, requestLog: log))
            _ = try? await ApplyCommandTests.client(of: emulator).workflows()
            await emulator.shutdown()
        }
        Self.expectMode(root + "/home", 0o700)
        Self.expectMode(data, 0o600)
        Self.expectMode(log, 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/home") == ["emulator.json"], "no temporary file is left")
        #expect(try String(contentsOfFile: log, encoding: .utf8).contains("\"path\":\"/api/Workflows\""))
    }

    @Test("--endpoint local keeps its data in a home directory it creates 0700, in a file 0600, under a umask of 000")
    func localEndpoint() async throws {
        let copy = try PlanCommandTests.quickstartCopy()
        defer { try? FileManager.default.removeItem(atPath: copy.root) }
        let home = copy.root + "/home"
        let run = await Self.withOpenUmask {
            await CLI.run(["plan", copy.manifests, "--endpoint", "local"], environment: [
                "CANVASCTL_HOME": home, "QUINYX_API_KEY": PlanCommandTests.quinyxKey,
            ])
        }
        #expect(run.exitCode == 0, "\(run.error)")
        Self.expectMode(home, 0o700)
        Self.expectMode(home + "/emulator.json", 0o600)
    }
}
