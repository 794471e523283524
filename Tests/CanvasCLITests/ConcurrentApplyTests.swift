import Foundation
import Testing

/// Two `canvasctl apply` processes started together on one local state file, as two CI jobs or a
/// laptop and a runner would: the OS lock lets exactly one change anything. (The same for
/// PostgreSQL and the HTTP protocol: `PostgresStateTests`, `HTTPStateBackendTests`.)
struct ConcurrentApplyTests {
    @Test("two apply processes at once on one state file: exactly one changes anything, the other is refused with its holder or finds nothing to do")
    func twoProcesses() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: KilledRunTests.executable), "build the package first")
        let copy = try PlanCommandTests.quickstartCopy()
        defer { try? FileManager.default.removeItem(atPath: copy.root) }
        try await PlanCommandTests.withEmulator { _, base in
            var environment = base
            environment["PATH"] = "/usr/bin:/bin"
            let runs = (0..<2).map { index in
                let process = Process()
                process.executableURL = URL(fileURLWithPath: KilledRunTests.executable)
                process.arguments = ["apply", copy.manifests, "--auto-approve"]
                process.environment = environment
                let output = copy.root + "/apply-\(index).out"
                let errors = copy.root + "/apply-\(index).err"
                _ = FileManager.default.createFile(atPath: output, contents: nil)
                _ = FileManager.default.createFile(atPath: errors, contents: nil)
                process.standardOutput = FileHandle(forWritingAtPath: output)
                process.standardError = FileHandle(forWritingAtPath: errors)
                return (process, output, errors)
            }
            let exits = runs.map { ProcessExit($0.0) }
            for (process, _, _) in runs { try process.run() }
            for exit in exits { await exit.wait() }
            let results = try runs.map { process, output, errors in
                (code: process.terminationStatus, output: try String(contentsOfFile: output, encoding: .utf8), error: try String(contentsOfFile: errors, encoding: .utf8))
            }
            let changed = results.filter { $0.output.contains("Apply complete: 7 added") }
            #expect(changed.count == 1, "\(results)")
            let other = results.first { !$0.output.contains("Apply complete: 7 added") }
            #expect(other?.error.contains("the state is locked by") == true || other?.output.contains("Nothing to apply") == true, "\(results)")
            #expect(changed.first?.code == 0)

            let plan = await CLI.run(["plan", copy.manifests, "--detailed-exitcode"], environment: environment)
            #expect(plan.exitCode == 0, "\(plan.output)\(plan.error)")
            try await PostgresStateTests.expectNoDuplicates(environment)
        }
    }
}
