import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A throw-away PostgreSQL server for the tests: a cluster made with `initdb` in a temporary
/// directory and started with `pg_ctl` on a free loopback port, once per test process, and
/// stopped when the process exits. PostgreSQL refuses to run as root, so as root it runs as the
/// `postgres` user (`runuser -u postgres --`).
///
/// Connections over TCP need the password (`scram-sha-256`), so that the tests see canvasctl
/// send it and never print it. The server offers TLS with a self-signed certificate for
/// `localhost` and 127.0.0.1 (``certificatePath``), made by `openssl`. Each test works in a
/// database of its own (``createDatabase()``).
public struct PostgresTestCluster: Sendable {
    public let port: Int
    public let user = "canvasctl"
    /// A value no output may contain.
    public let password: String
    public let directory: String
    let binaries: String

    /// The server's certificate (PEM), self-signed: the root to trust for `verify-full`.
    public var certificatePath: String { directory + "/server.crt" }

    /// The cluster of this test process, started on first use.
    public static func shared() async throws -> PostgresTestCluster {
        try await started.value
    }

    private static let started = Task { try await offThePool { try PostgresTestCluster.start() } }

    /// A `postgres://` URL of `database` (with the password unless `withPassword` is false).
    public func url(database: String, state: String? = nil, withPassword: Bool = true) -> String {
        let credentials = withPassword ? "\(user):\(password)@" : "\(user)@"
        return "postgres://\(credentials)127.0.0.1:\(port)/\(database)" + (state.map { "?state=\($0)" } ?? "")
    }

    /// A new empty database, named for the test.
    public func createDatabase() async throws -> String {
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await sql("CREATE DATABASE \(name)", database: "postgres")
        return name
    }

    /// Runs `statement` with `psql` and answers its rows, one per line, columns split by `|`.
    @discardableResult
    public func sql(_ statement: String, database: String) async throws -> String {
        let (port, user, password, binaries) = (port, user, password, binaries)
        return try await Self.offThePool {
            try Self.psql(statement, database: database, port: port, user: user, password: password, binaries: binaries)
        }
    }

    private static func psql(_ statement: String, database: String, port: Int, user: String, password: String, binaries: String) throws -> String {
        try run(
            "/usr/bin/env", ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", "\(port)", "-U", user, "-d", database, "-c", statement],
            environment: ["PGPASSWORD": password, "PATH": "/usr/bin:/bin:\(binaries)"]
        )
    }

    /// Runs `body`, which blocks (it waits for a program), on a thread of its own: on one of the
    /// cooperative pool's few threads it would hold up every other test meanwhile.
    static func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    // MARK: Starting and stopping

    private static func start() throws -> PostgresTestCluster {
        let binaries = try findBinaries()
        let directory = "/tmp/canvasctl-pg-\(getpid())"
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        let password = "pg-test-" + UUID().uuidString.lowercased()
        try password.write(toFile: directory + "/password", atomically: false, encoding: .utf8)
        let asRoot = getuid() == 0
        if asRoot {
            guard let account = getpwnam("postgres") else { throw Failure("running as root, and there is no `postgres` user to run PostgreSQL as") }
            for path in [directory, directory + "/password"] {
                guard chown(path, account.pointee.pw_uid, account.pointee.pw_gid) == 0 else { throw Failure("cannot give \(path) to postgres") }
            }
        }
        try run("/usr/bin/env", [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", directory + "/server.key", "-out", directory + "/server.crt",
        ])
        guard chmod(directory + "/server.key", 0o600) == 0 else { throw Failure("cannot make the server's key private") }
        if asRoot, let account = getpwnam("postgres") {
            for path in [directory + "/server.key", directory + "/server.crt"] {
                guard chown(path, account.pointee.pw_uid, account.pointee.pw_gid) == 0 else { throw Failure("cannot give \(path) to postgres") }
            }
        }
        let port = try freePort()
        let data = directory + "/data"
        let stop = "\(asRoot ? "runuser -u postgres -- " : "")\(binaries)/pg_ctl -D \(data) stop -m immediate >/dev/null 2>&1; rm -rf \(directory)\n"
        try stop.write(toFile: directory + "/stop.sh", atomically: false, encoding: .utf8)

        func server(_ tool: String, _ arguments: [String]) throws {
            if asRoot {
                try run("/usr/sbin/runuser", ["-u", "postgres", "--", "\(binaries)/\(tool)"] + arguments)
            } else {
                try run("\(binaries)/\(tool)", arguments)
            }
        }
        try server("initdb", [
            "-D", data, "-U", "canvasctl", "--pwfile=\(directory)/password", "--auth-host=scram-sha-256", "--auth-local=trust",
            "--no-sync", "-E", "UTF8", "--locale=C",
        ])
        try server("pg_ctl", [
            "-D", data, "-l", directory + "/server.log", "-w", "-t", "60",
            "-o", "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 -c ssl=on "
                + "-c ssl_cert_file=\(directory)/server.crt -c ssl_key_file=\(directory)/server.key",
            "start",
        ])
        // Stopped when this process ends however it ends (a test process may not run its exit
        // handlers): a watcher outlives it, and stops the server once it is gone.
        _ = try spawn("/bin/sh", ["-c", "while kill -0 \(getpid()) 2>/dev/null; do sleep 0.5; done; sh \(directory)/stop.sh"], output: "/dev/null")
        return PostgresTestCluster(port: port, password: password, directory: directory, binaries: binaries)
    }

    private static func findBinaries() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        if let version = versions.last, FileManager.default.isExecutableFile(atPath: "\(root)/\(version)/bin/initdb") {
            return "\(root)/\(version)/bin"
        }
        if let text = try? run("/usr/bin/env", ["pg_config", "--bindir"]) {
            let directory = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if FileManager.default.isExecutableFile(atPath: directory + "/initdb") { return directory }
        }
        throw Failure("PostgreSQL's server programs (initdb, pg_ctl) are not installed: run scripts/setup (Debian: apt-get install postgresql)")
    }

    private static func freePort() throws -> Int {
        let socket = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure("no socket for a free port") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socket, pointer, length) == 0 && getsockname(socket, pointer, &length) == 0
            }
        }
        guard bound else { throw Failure("cannot find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Runs a program to its end and answers its output.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> String {
        let base = NSTemporaryDirectory() + "canvasctl-pgrun-\(UUID().uuidString)"
        defer {
            try? FileManager.default.removeItem(atPath: base + ".out")
            try? FileManager.default.removeItem(atPath: base + ".err")
        }
        let pid = try spawn(executable, arguments, environment: environment, output: base + ".out", errors: base + ".err")
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw Failure("lost \(executable): \(String(cString: strerror(errno)))") }
        }
        let output = (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? ""
        // Exited (the low 7 bits 0) with status 0.
        guard status & 0x7F == 0, (status >> 8) & 0xFF == 0 else {
            let errors = (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""
            throw Failure("\(([executable] + arguments).joined(separator: " ")) failed (\(status)): \(errors)")
        }
        return output
    }

    /// Starts a program with posix_spawn rather than `Process`: the server `pg_ctl` starts keeps
    /// every descriptor the program inherited, and `Process` waits for one of its own to close
    /// before it sees the program end. So the program gets none but its standard ones: stdin
    /// from /dev/null, its output to files.
    private static func spawn(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, output: String, errors: String = "/dev/null"
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        // glibc's closefrom and chdir actions, which its Swift module does not show.
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        typealias ChangeDirectory = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
        guard let closeFrom = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np"),
              let changeDirectory = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np") else {
            throw Failure("this C library has no posix_spawn_file_actions_addclosefrom_np (glibc 2.34 or later)")
        }
        _ = unsafeBitCast(closeFrom, to: CloseFrom.self)(&actions, 3)
        _ = unsafeBitCast(changeDirectory, to: ChangeDirectory.self)(&actions, "/tmp")

        let environment = environment ?? ProcessInfo.processInfo.environment
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else { throw Failure("cannot start \(executable): \(String(cString: strerror(spawned)))") }
        return pid
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }
}
