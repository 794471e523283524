import Foundation
import PostgresTestCluster
import StateStore
import Testing

/// The PostgreSQL state on a real server (``PostgresTestCluster``), each test in a database of its
/// own: tables made on first use, a row per record, the advisory lock and what a second run is
/// told, the lock dying with its connection, the serial guard, and the password kept out of
/// every message.
@Suite(.serialized)
struct PostgresStateBackendTests {
    static func backend(_ cluster: PostgresTestCluster, database: String, state: String? = nil) throws -> any StateBackend {
        try StateLocation.backend(for: cluster.url(database: database, state: state), environment: [:], allowInsecureHTTP: false)
    }

    static func open(_ backend: any StateBackend, holder: LockHolder = StateFixture.applyRun, timeout: Duration = .zero) async throws -> any StateSession {
        try await backend.open(holder: holder, lockTimeout: timeout, now: { Date() }, recordedScopes: { _ in })
    }

    @Test func recordsAreRowsWrittenAsTheyAreRecordedAndReadBack() async throws {
        let cluster = try await PostgresTestCluster.shared()
        let database = try await cluster.createDatabase()
        let backend = try Self.backend(cluster, database: database)
        #expect(backend.location == "postgres://127.0.0.1:\(cluster.port)/\(database)?state=default")

        let session = try await Self.open(backend)
        #expect(session.snapshot.records.isEmpty)
        // The tables were made on first use.
        #expect(try await cluster.sql("SELECT count(*) FROM canvasctl.states", database: database) == "0\n")
        try await session.record(StateFixture.workflow("a"))
        try await session.record(StateFixture.workflow("b"))
        try await session.record(StateFixture.workflow("c"))
        // Each change is stored as it is recorded, before any commit.
        #expect(try await cluster.sql("SELECT address FROM canvasctl.records ORDER BY address", database: database)
            == "workflow.a\nworkflow.b\nworkflow.c\n")
        #expect(try await cluster.sql("SELECT serial FROM canvasctl.states", database: database) == "1\n")
        try await session.remove(key: "canvas:workflow.b")
        try await session.record(StateFixture.workflow("c", id: "wf-c2"))
        try await session.commit()
        let lineage = session.snapshot.lineage
        await session.close()

        let read = try await backend.read()
        #expect(read.lineage == lineage)
        #expect(read.serial == 1)
        #expect(read.records == ["canvas:workflow.a": StateFixture.workflow("a"), "canvas:workflow.c": StateFixture.workflow("c", id: "wf-c2")])
        #expect(try await cluster.sql("SELECT count(*) FROM canvasctl.locks", database: database) == "0\n")

        // A second run raises the serial once, with its first change.
        let second = try await Self.open(backend)
        #expect(second.snapshot.records.count == 2)
        try await second.remove(key: "canvas:workflow.a")
        try await second.remove(key: "canvas:workflow.a")
        await second.close()
        #expect(try await backend.read().serial == 2)
        #expect(try await backend.read().records.keys.sorted() == ["canvas:workflow.c"])
    }

    @Test func statesOfOneDatabaseAreKeptApartByName() async throws {
        let cluster = try await PostgresTestCluster.shared()
        let database = try await cluster.createDatabase()
        let production = try await Self.open(try Self.backend(cluster, database: database, state: "production"))
        // Another state's lock is another lock.
        let staging = try await Self.open(try Self.backend(cluster, database: database, state: "staging"))
        try await production.record(StateFixture.workflow("p"))
        try await staging.record(StateFixture.workflow("s"))
        await production.close()
        await staging.close()
        #expect(try await Self.backend(cluster, database: database, state: "production").read().records.keys.sorted() == ["canvas:workflow.p"])
        #expect(try await Self.backend(cluster, database: database, state: "staging").read().records.keys.sorted() == ["canvas:workflow.s"])
        #expect(try await Self.backend(cluster, database: database).read().records.isEmpty)
    }

    @Test func aSecondRunIsToldWhoHoldsTheLockOrWaitsForIt() async throws {
        let cluster = try await PostgresTestCluster.shared()
        let database = try await cluster.createDatabase()
        let backend = try Self.backend(cluster, database: database)
        let first = try await Self.open(backend)

        let error = await #expect(throws: StateError.self) { try await Self.open(backend, holder: StateFixture.laterRun) }
        let description = error?.description ?? ""
        #expect(error?.isLocked == true)
        #expect(description.contains("`canvasctl apply` (pid 4242 on host ci-7, user runner)"), "\(description)")
        #expect(description.contains("the lock goes when that run ends, however it ends"))
        #expect(try await backend.forceUnlock(lockID: nil) == .held(StateFixture.applyRun))

        // --lock-timeout: the second run waits, and goes on once the first is done.
        let waiting = Task { try await Self.open(backend, holder: StateFixture.laterRun, timeout: .seconds(20)) }
        try await Task.sleep(for: .milliseconds(600))
        await first.close()
        let second = try await waiting.value
        #expect(second.holder == StateFixture.laterRun)
        await second.close()
        #expect(try await backend.forceUnlock(lockID: nil) == .none)
    }

    @Test func theLockDiesWithItsConnectionAndNothingMoreIsRecorded() async throws {
        let cluster = try await PostgresTestCluster.shared()
        let database = try await cluster.createDatabase()
        let backend = try Self.backend(cluster, database: database)
        let first = try await Self.open(backend)
        try await first.record(StateFixture.workflow("a"))

        // The server ends the run's connection (as a lost network or a killed process would).
        try await cluster.sql("SELECT pg_terminate_backend(backend_pid) FROM canvasctl.locks", database: database)
        let deadline = ContinuousClock.now + .seconds(10)
        while first.failure == nil, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(first.failure?.isConnectionLost == true)
        let error = await #expect(throws: StateError.self) { try await first.record(StateFixture.workflow("b")) }
        #expect(error?.isConnectionLost == true)
        #expect(error?.description.contains("was lost") == true, "\(error?.description ?? "")")

        // The next run proceeds at once, with what was recorded.
        let next = try await Self.open(backend, holder: StateFixture.laterRun)
        #expect(next.snapshot.records.keys.sorted() == ["canvas:workflow.a"])
        await next.close()
        await first.close()
    }

    @Test func aStateChangedAroundTheLockIsNotOverwritten() async throws {
        let cluster = try await PostgresTestCluster.shared()
        let database = try await cluster.createDatabase()
        let backend = try Self.backend(cluster, database: database)
        let first = try await Self.open(backend)
        try await first.record(StateFixture.workflow("a"))
        await first.close()

        let session = try await Self.open(backend)
        // Another writer that did not take the lock raised the serial meanwhile.
        try await cluster.sql("UPDATE canvasctl.states SET serial = serial + 5", database: database)
        let error = await #expect(throws: StateError.self) { try await session.record(StateFixture.workflow("b")) }
        #expect(error?.description.contains("another run wrote it") == true, "\(error?.description ?? "")")
        await session.close()
        #expect(try await backend.read().records.keys.sorted() == ["canvas:workflow.a"])
    }

    @Test func aReplacedStateIsWrittenWholeInOneTransaction() async throws {
        let cluster = try await PostgresTestCluster.shared()
        let database = try await cluster.createDatabase()
        let backend = try Self.backend(cluster, database: database)
        let first = try await Self.open(backend)
        try await first.record(StateFixture.workflow("old"))
        await first.close()

        var pushed = StateSnapshot(serial: 7)
        for index in 0..<2_500 {
            let record = StateFixture.workflow("w\(index)")
            pushed.records[record.key] = record
        }
        let session = try await Self.open(backend)
        try await session.replace(with: pushed)
        try await session.commit()
        await session.close()
        let read = try await backend.read()
        #expect(read.lineage == pushed.lineage)
        #expect(read.serial == 8)
        #expect(read.records == pushed.records)
    }

    @Test func aRowThatIsNotARecordIsReportedByItsAddress() async throws {
        let cluster = try await PostgresTestCluster.shared()
        let database = try await cluster.createDatabase()
        let backend = try Self.backend(cluster, database: database)
        let session = try await Self.open(backend)
        try await session.record(StateFixture.workflow("a"))
        await session.close()
        try await cluster.sql("UPDATE canvasctl.records SET record = '{\"address\": 5}'", database: database)
        let error = await #expect(throws: StateError.self) { try await backend.read() }
        #expect(error?.description.contains("the record of `canvas:workflow.a` is not valid") == true, "\(error?.description ?? "")")
    }

    @Test func thePasswordIsNeverInAMessage() async throws {
        let cluster = try await PostgresTestCluster.shared()
        let wrong = "not-the-password-\(UUID().uuidString)"
        let url = "postgres://canvasctl:\(wrong)@127.0.0.1:\(cluster.port)/postgres"
        let backend = try StateLocation.backend(for: url, environment: [:], allowInsecureHTTP: false)
        #expect(!backend.location.contains(wrong))
        let error = await #expect(throws: StateError.self) { try await backend.read() }
        let description = error?.description ?? ""
        #expect(description.contains("password authentication failed"), "\(description)")
        #expect(!description.contains(wrong))

        // From PGPASSWORD when the URL gives none.
        let fromEnvironment = try StateLocation.backend(
            for: cluster.url(database: "postgres", withPassword: false), environment: ["PGPASSWORD": cluster.password], allowInsecureHTTP: false
        )
        #expect(try await fromEnvironment.read().records.isEmpty)

    }

    @Test func tlsIsUsedAsSslmodeSaysAndACertificateIsCheckedForVerifyFull() async throws {
        let cluster = try await PostgresTestCluster.shared()
        let database = try await cluster.createDatabase()
        /// Whether canvasctl's connection, open while `body` runs, is encrypted.
        func encrypted(_ url: String) async throws -> Bool {
            let backend = try StateLocation.backend(for: url, environment: [:], allowInsecureHTTP: false)
            let session = try await Self.open(backend)
            defer { Task { await session.close() } }
            let answer = try await cluster.sql(
                "SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.application_name = 'canvasctl' AND a.datname = '\(database)'",
                database: "postgres"
            )
            await session.close()
            return answer == "t\n"
        }
        let base = "postgres://canvasctl:\(cluster.password)@localhost:\(cluster.port)/\(database)"
        #expect(try await encrypted(base + "?sslmode=require"))
        #expect(try await encrypted(base), "prefer, to this machine, when the server offers TLS")
        #expect(try await encrypted(base + "?sslmode=disable") == false)
        #expect(try await encrypted(base + "?sslmode=verify-full&sslrootcert=\(cluster.certificatePath)"))

        // The server's certificate is self-signed: verify-full refuses it without that root.
        let untrusted = try StateLocation.backend(for: base + "?sslmode=verify-full", environment: [:], allowInsecureHTTP: false)
        let error = await #expect(throws: StateError.self) { try await untrusted.read() }
        let description = error?.description ?? ""
        #expect(description.contains("cannot reach the state at postgres://localhost:\(cluster.port)/\(database)?state=default"), "\(description)")
        #expect(description.localizedCaseInsensitiveContains("certificate"), "\(description)")
        #expect(!description.contains(cluster.password))
    }
}

/// How a `postgres://` URL is read, without a server.
struct PostgresStateConfigurationTests {
    func configuration(_ url: String, environment: [String: String] = [:]) throws(StateError) -> PostgresStateConfiguration {
        try PostgresStateConfiguration(url: url, environment: environment, defaultUser: "ana")
    }

    @Test func theURLAndLibpqVariablesGiveTheConnection() throws {
        let full = try configuration("postgresql://ops:s%40cret@db.example.com:6543/canvas?sslmode=require&state=prod")
        #expect(full.host == "db.example.com" && full.port == 6543 && full.user == "ops" && full.password == "s@cret")
        #expect(full.database == "canvas" && full.stateName == "prod" && full.tls == .require)
        #expect(full.location == "postgres://db.example.com:6543/canvas?state=prod")

        let bare = try configuration("postgres://localhost", environment: ["PGUSER": "ci", "PGPASSWORD": "pw", "PGPORT": "5433"])
        #expect(bare.user == "ci" && bare.password == "pw" && bare.port == 5433 && bare.database == "ci" && bare.stateName == "default")
        #expect(try configuration("postgres://localhost").user == "ana")
        #expect(try configuration("postgres://[::1]:5432/x").host == "::1")
    }

    @Test func anotherMachineGetsTLSOrClearTextWrittenOut() throws {
        #expect(try configuration("postgres://localhost/x").tls == .prefer)
        #expect(try configuration("postgres://127.0.0.1/x").tls == .prefer)
        #expect(try configuration("postgres://db.example.com/x").tls == .verifyFull)
        #expect(try configuration("postgres://db.example.com/x?sslmode=disable").tls == .disable)
        #expect(try configuration("postgres://db.example.com/x?sslmode=verify-ca").tls == .verifyCA)
        for mode in ["prefer", "allow"] {
            let error = #expect(throws: StateError.self) { try configuration("postgres://u:hunter2@db.example.com/x?sslmode=\(mode)") }
            #expect(error?.description.contains("may send the state's password in clear text") == true)
            #expect(error?.description.contains("hunter2") == false)
        }
    }

    @Test func whatItDoesNotKnowIsRefusedWithoutThePassword() throws {
        let unknown = #expect(throws: StateError.self) { try configuration("postgres://u:hunter2@localhost/x?ssl_mode=require&password=hunter2") }
        #expect(unknown?.description.contains("(password, ssl_mode)") == true, "\(unknown?.description ?? "")")
        #expect(unknown?.description.contains("hunter2") == false)
        let mode = #expect(throws: StateError.self) { try configuration("postgres://localhost/x?sslmode=strict") }
        #expect(mode?.description.contains("sslmode=strict is not one canvasctl knows") == true)
        let host = #expect(throws: StateError.self) { try configuration("postgres://u:hunter2@/x") }
        #expect(host?.description.contains("names no host") == true)
        #expect(host?.description.contains("hunter2") == false)
        #expect(throws: StateError.self) { try configuration("postgres://localhost/x?state=") }
    }
}
