import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Which files a manifest set may read: the manifests, `--var-file`s and `${file:}` references
/// inside the set's root, the deepest directory that holds every path given on the command line.
///
/// CI runs `validate` and `plan` on the manifests of any pull request and posts their output; a
/// manifest is untrusted input there. Without a bound, `${file:/proc/self/environ}` or a committed
/// link to `~/.ssh/id_rsa` would read the runner's secrets for whoever opened the pull request. A
/// path is checked twice: as written (absolute paths and `..` that leads out are refused without
/// touching the file system, so a refusal tells nothing about what exists), and with its links
/// resolved (a link that leads out is refused like a missing file). `--allow-file-outside` lifts
/// the bound; the size limit stays.
public struct FileScope: Sendable {
    /// The largest file `${file:}` reads: secrets are short, and a large file would only be a way
    /// to make the run slow or big.
    public static let maximumFileSize = 1 << 20

    /// The root, absolute and without `.` or `..`; nil when any path may be read.
    public let root: String?
    /// The root with its links resolved, as the paths read are compared with it.
    private let resolvedRoot: String?
    /// The root as messages show it: relative to the working directory when inside it.
    public let shownRoot: String

    /// No bound: what `--allow-file-outside` asks for.
    public static let anywhere = FileScope(root: nil, resolvedRoot: nil, shownRoot: "")

    private init(root: String?, resolvedRoot: String?, shownRoot: String) {
        self.root = root
        self.resolvedRoot = resolvedRoot
        self.shownRoot = shownRoot
    }

    /// The scope of a set given as `paths` (files or directories), read from `currentDirectory`.
    public init(paths: [String], currentDirectory: String? = nil) {
        let currentDirectory = currentDirectory ?? FileManager.default.currentDirectoryPath
        var common: [Substring]?
        for path in paths {
            var components = Self.components(of: Self.absolute(path, in: currentDirectory))
            var isDirectory: ObjCBool = false
            if !(FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue) {
                components.removeLast()
            }
            common = common.map { Array(zip($0, components).prefix { $0 == $1 }.map(\.0)) } ?? components
        }
        let root = Self.text(of: common ?? Self.components(of: Self.absolute(".", in: currentDirectory)))
        let here = Self.text(of: Self.components(of: Self.absolute(".", in: currentDirectory)))
        let shown: String
        if root == here {
            shown = "."
        } else if root.hasPrefix(here == "/" ? "/" : here + "/") {
            shown = String(root.dropFirst(here == "/" ? 1 : here.count + 1))
        } else {
            shown = root
        }
        self.init(root: root, resolvedRoot: Self.resolved(root) ?? root, shownRoot: shown)
    }

    /// Why a path cannot be read. The two cases are worded so that neither tells whether a file
    /// exists outside the root.
    public enum Refusal: Error, Sendable, Equatable {
        /// Outside the root as written: absolute, or led out by `..`.
        case outside
        /// Not a readable UTF-8 text file of at most ``maximumFileSize`` inside the root (missing,
        /// a directory, too large, not UTF-8, or reached through a link that leads out).
        case unreadable
        /// Nothing at all at the path, inside the root: not even a link. Told apart from
        /// ``unreadable`` only where the path's directory resolves inside the root, so it says
        /// nothing about what exists outside.
        case missing
    }

    /// Whether `path` as written (relative to `base`) stays inside the root.
    public func admits(_ path: String, base: String) -> Bool {
        guard let root else { return true }
        if path.hasPrefix("/") { return false }
        return Self.isInside(Self.text(of: Self.components(of: Self.absolute(Self.join(base, path), in: nil))), root)
    }

    /// Whether the file at `path`, its links resolved, is inside the root.
    public func containsResolved(_ path: String) -> Bool {
        guard let resolvedRoot else { return true }
        guard let resolved = Self.resolved(path) else { return false }
        return Self.isInside(resolved, resolvedRoot)
    }

    /// The text of the file `path` names (relative to `base`, the directory of the manifest that
    /// names it), with one trailing newline dropped.
    public func readText(_ path: String, base: String) -> Result<String, Refusal> {
        guard !path.isEmpty else { return .failure(.unreadable) }
        if root != nil, !admits(path, base: base) { return .failure(.outside) }
        let full = path.hasPrefix("/") ? path : Self.join(base, path)
        guard let resolved = Self.resolved(full) else { return .failure(isMissing(full) ? .missing : .unreadable) }
        if let resolvedRoot, !Self.isInside(resolved, resolvedRoot) { return .failure(.unreadable) }
        guard let bytes = Self.readRegularFile(resolved, limit: Self.maximumFileSize),
              var text = String(validating: bytes, as: UTF8.self) else { return .failure(.unreadable) }
        // "\r\n" is a single Character in Swift, so one removal drops either kind of newline.
        if text.last == "\n" || text.last == "\r\n" {
            text.removeLast()
        }
        return .success(text)
    }

    /// Whether `path` has no directory entry (not even a dangling link) and the nearest directory
    /// above it that exists resolves inside the root.
    private func isMissing(_ path: String) -> Bool {
        var status = stat()
        guard lstat(path, &status) != 0, errno == ENOENT else { return false }
        var directory = (Self.absolute(path, in: nil) as NSString).deletingLastPathComponent
        while true {
            if let resolved = Self.resolved(directory) {
                guard let resolvedRoot else { return true }
                return Self.isInside(resolved, resolvedRoot)
            }
            guard lstat(directory, &status) != 0, errno == ENOENT, directory != "/" else { return false }
            directory = (directory as NSString).deletingLastPathComponent
        }
    }

    // MARK: Paths

    private static func absolute(_ path: String, in directory: String?) -> String {
        if path.hasPrefix("/") { return path }
        return (directory ?? FileManager.default.currentDirectoryPath) + "/" + path
    }

    /// `path` relative to the directory `base` ("" for the working directory).
    private static func join(_ base: String, _ path: String) -> String {
        base.isEmpty ? path : base + "/" + path
    }

    /// The components of an absolute path with `.` and `..` taken out as written (not as links
    /// would resolve them: that is the second check's job).
    private static func components(of absolutePath: String) -> [Substring] {
        var components: [Substring] = []
        for component in absolutePath.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": if !components.isEmpty { components.removeLast() }
            default: components.append(component)
            }
        }
        return components
    }

    private static func text(of components: [Substring]) -> String {
        "/" + components.joined(separator: "/")
    }

    private static func isInside(_ path: String, _ root: String) -> Bool {
        path == root || path.hasPrefix(root == "/" ? "/" : root + "/")
    }

    /// The path with every link resolved; nil when some part of it does not exist.
    private static func resolved(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// The bytes of a regular file of at most `limit` bytes; nil for anything else. It is opened
    /// without blocking (a FIFO would wait for a writer forever) and checked after it is open.
    private static func readRegularFile(_ path: String, limit: Int) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { _ = close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, Int(status.st_size) <= limit else { return nil }
        var bytes = [UInt8](repeating: 0, count: limit + 1)
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return nil
            }
            if count == 0 { break }
            filled += count
        }
        // A file that grew past the limit while it was read is as refused as one that was larger.
        guard filled <= limit else { return nil }
        bytes.removeSubrange(filled...)
        return bytes
    }
}
