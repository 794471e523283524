import FileSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The guarantees every module's files rest on: no link is followed, only regular files are used,
/// and what is created is its owner's only.
struct FileSystemTests {
    /// Runs `body` in a new temporary directory, removed afterwards.
    static func inDirectory<T>(_ body: (String) throws -> T) throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("canvasctl-files-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try body(directory)
    }

    static func mode(_ path: String) -> mode_t? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        return status.st_mode & 0o7777
    }

    /// The kind of failure `body` ends with; nil when it does not fail.
    static func kind(of body: () throws -> Void) -> FileSystem.Failure.Kind? {
        do {
            try body()
            return nil
        } catch {
            return (error as? FileSystem.Failure)?.kind
        }
    }

    @Test("a link is neither read, nor appended to, nor opened for a cut; its target keeps its bytes")
    func links() throws {
        try Self.inDirectory { directory in
            let target = directory + "/target"
            try Data("kept".utf8).write(to: URL(fileURLWithPath: target))
            let link = directory + "/link"
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
            #expect(Self.kind { _ = try FileSystem.contents(of: link) } == .symbolicLink)
            #expect(Self.kind { _ = try FileSystem.openForAppending(link) } == .symbolicLink)
            #expect(Self.kind { _ = try FileSystem.openExisting(link, access: .readWrite) } == .symbolicLink)
            #expect(try String(contentsOfFile: target, encoding: .utf8) == "kept")

            // A link to nothing is not followed to create its target either.
            let dangling = directory + "/dangling"
            try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: directory + "/nothing")
            #expect(Self.kind { _ = try FileSystem.openForAppending(dangling) } == .symbolicLink)
            #expect(!FileManager.default.fileExists(atPath: directory + "/nothing"))
            #expect(try FileSystem.createExclusive(dangling, bytes: [1]) == false)
            #expect(!FileManager.default.fileExists(atPath: directory + "/nothing"))

            // Replacing a link replaces the link itself.
            try FileSystem.replace(link, with: Array("new".utf8))
            #expect(try String(contentsOfFile: target, encoding: .utf8) == "kept")
            #expect(try String(contentsOfFile: link, encoding: .utf8) == "new")
            #expect(Self.mode(link) == 0o600)
        }
    }

    @Test("a directory or a pipe in a file's place is not a regular file, and opening the pipe does not block")
    func specialFiles() throws {
        try Self.inDirectory { directory in
            #expect(Self.kind { _ = try FileSystem.contents(of: directory) } == .notRegularFile)
            #expect(Self.kind { _ = try FileSystem.openForAppending(directory) } == .notRegularFile)
            let pipe = directory + "/pipe"
            #expect(mkfifo(pipe, 0o600) == 0)
            #expect(Self.kind { _ = try FileSystem.contents(of: pipe) } == .notRegularFile)
            #expect(Self.kind { _ = try FileSystem.openExisting(pipe, access: .read) } == .notRegularFile)
        }
    }

    @Test("a missing file reads as nil; files are created 0600 and directories 0700")
    func creation() throws {
        try Self.inDirectory { directory in
            #expect(try FileSystem.contents(of: directory + "/missing") == nil)
            #expect(try FileSystem.openExisting(directory + "/missing", access: .read) == nil)

            try FileSystem.createDirectory(directory + "/a/b")
            #expect(Self.mode(directory + "/a") == 0o700)
            #expect(Self.mode(directory + "/a/b") == 0o700)
            try FileSystem.createDirectory(directory + "/a/b")

            let replaced = directory + "/a/b/replaced"
            try FileSystem.replace(replaced, with: Array("one".utf8))
            try FileSystem.replace(replaced, with: Array("two".utf8), durable: false)
            #expect(try FileSystem.contents(of: replaced) == Array("two".utf8))
            #expect(Self.mode(replaced) == 0o600)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/a/b") == ["replaced"])

            let appended = directory + "/appended"
            let descriptor = try FileSystem.openForAppending(appended)
            try FileSystem.writeAll(descriptor, Array("line\n".utf8))
            FileSystem.closeDescriptor(descriptor)
            #expect(Self.mode(appended) == 0o600)

            #expect(try FileSystem.createExclusive(directory + "/exclusive", bytes: [1]))
            #expect(Self.mode(directory + "/exclusive") == 0o600)

            try Data().write(to: URL(fileURLWithPath: directory + "/file"))
            #expect(Self.kind { try FileSystem.createDirectory(directory + "/file") } == .system(ENOTDIR))
        }
    }

    @Test("a cut goes through the descriptor: the file read is the file cut")
    func cut() throws {
        try Self.inDirectory { directory in
            let path = directory + "/journal"
            try Data("whole\ntorn".utf8).write(to: URL(fileURLWithPath: path))
            let descriptor = try #require(try FileSystem.openExisting(path, access: .readWrite))
            defer { FileSystem.closeDescriptor(descriptor) }
            #expect(try FileSystem.contents(of: descriptor) == Array("whole\ntorn".utf8))
            try FileSystem.cut(descriptor, to: 6)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "whole\n")
        }
    }
}
