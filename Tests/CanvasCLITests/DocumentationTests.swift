import Foundation
import Testing

/// The commands of README.md and docs/getting-started.md run as written, in order, with the
/// canvasctl built beside this test (scripts/doc-test: each document in a fresh copy of the
/// repository, against the emulator, every background server stopped at the end).
struct DocumentationTests {
    /// The directory the test bundle was built into, which holds the canvasctl executable too.
    static var productsDirectory: URL {
        #if os(Linux)
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent()
        #else
        let bundle = Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") } ?? Bundle.main
        return bundle.bundleURL.deletingLastPathComponent()
        #endif
    }

    @Test("every command of README.md and docs/getting-started.md runs as written")
    func documentedCommandsRun() async throws {
        let canvasctl = Self.productsDirectory.appendingPathComponent("canvasctl").path
        try #require(
            FileManager.default.isExecutableFile(atPath: canvasctl),
            "no canvasctl beside the tests at \(canvasctl): swift test builds it, as swift build does"
        )
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.repositoryRoot + "/scripts/doc-test")
        process.arguments = ["--canvasctl", canvasctl]
        process.currentDirectoryURL = URL(fileURLWithPath: CLI.repositoryRoot)
        // The output goes to a file, not a pipe: the script starts servers that would hold a pipe
        // open after it ends.
        let log = try CLI.temporaryDirectory() + "/doc-test.log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: (log as NSString).deletingLastPathComponent) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        let exit = ProcessExit(process)
        try process.run()
        await exit.wait()
        try handle.close()
        let output = try String(contentsOfFile: log, encoding: .utf8)
        #expect(process.terminationStatus == 0, "scripts/doc-test failed:\n\(output.split(separator: "\n").suffix(80).joined(separator: "\n"))")
    }
}
