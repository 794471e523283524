import CanvasAPI
import CanvasProvider
import Foundation
import Manifest
import Reconciler
import SafeText
import StateStore
import Synchronization

/// The planning flow that `plan` and `apply` share: loads the manifests, connects, reads the live
/// state of every account the set manages, resolves the set against it, opens the state file (with
/// its lock) and plans.
///
/// A session that started holds the connection and the open, locked state: the caller closes
/// the state (``StateSession/close()``) when it no longer needs the lock, and calls ``close()`` at
/// the end. A session that could not start has printed why and left nothing open.
struct PlanningSession: Sendable {
    let set: ManifestSet
    let connection: Connection
    let live: [String?: LiveState]
    let desired: DesiredState
    /// The ManagedAccountId of documents without `account:`; nil for the keys' own account.
    let defaultAccount: CanvasID?
    /// The state, open and locked until ``StateSession/close()`` or ``close()``.
    let state: any StateSession
    let plan: Plan

    /// What a session is started from: the command's arguments and options, or a saved plan's.
    struct Request: Sendable {
        var paths: [String]
        var inputs: ManifestInputs
        var connection: ConnectionSettings
        /// `--account`, when given.
        var account: String?
        /// `--state`, when given.
        var state: String?
        /// The command the state's lock names, such as `canvasctl plan`.
        var command: String
        /// How long to wait for the state's lock (`--lock-timeout`).
        var lockTimeout: Duration = .zero
        /// Checked once connected and before anything is sent: a sentence for `error: …` refuses
        /// the connection (as `apply --plan` does for a plan file whose authentication code does
        /// not match the keys).
        var admit: (@Sendable (Connection) -> String?)? = nil
    }

    /// Plans as the request says. On any failure it prints the diagnostics or `error: …` through the
    /// context's console, closes what it opened, and returns nil.
    ///
    /// The stages overlap where they do not depend on each other: the manifests load while the
    /// connection is made, the state file is read, and the accounts the state names are read (their
    /// lists need no manifest); what depends on the manifests (accounts only they name, the
    /// templates they use) follows. Failures are still reported in the order of the stages (the
    /// manifests' first), so that a run is repeatable.
    static func start(_ request: Request, context: CommandContext) async -> PlanningSession? {
        let loader = request.inputs.loader(environment: context.environment)
        // The manifests take the cooperative pool's threads for a while (each file is parsed in one
        // go): the state file is read on a thread of its own, and the reads it starts go ahead of
        // the manifests. (The manifests at a lower priority than the rest ran on more threads at
        // once on Linux, with more files' nodes alive: 40 MB more at 10,000 workflows.)
        let loading = Task { try await loader.load(request.paths) }
        let defaultAccount = Result { () throws(ConnectionError) in try AccountOption.defaultAccount(request.account, environment: context.environment) }
        let connecting = Task {
            let connection = try await request.connection.connect(environment: context.environment)
            if let refusal = request.admit?(connection) {
                await connection.close()
                throw ConnectionError(refusal)
            }
            return connection
        }
        let statePath = statePath(request.state, paths: request.paths, environment: context.environment)
        let holder = LockHolder.current(command: request.command)
        // The accounts the state records are read at once, with the templates their workflows use
        // (the manifests may name more accounts and templates): from the list the state file
        // starts with, while the rest of it is parsed, and from its records once they are.
        let early = StartedReads()
        @Sendable func startReads(_ accounts: [String?]) {
            guard case .success(let defaultAccount) = defaultAccount else { return }
            for account in accounts {
                guard let id = Self.accountID(account, defaultAccount: defaultAccount) else { continue }
                early.start(account) {
                    let client = try await connecting.value.client
                    let lists = try await LiveState.readLists(account: id, client: client)
                    // Best effort: a template only an unmanaged workflow uses must not fail the plan;
                    // what the manifests use is read again below, and its errors reported there.
                    return (try? await lists.detailingTemplatesInUse(client: client)) ?? lists
                }
            }
        }
        let state: Result<any StateSession, StateError>
        do throws(StateError) {
            let backend = try StateLocation.backend(
                for: statePath, environment: context.environment, allowInsecureHTTP: request.connection.allowInsecureHTTP
            )
            state = .success(try await backend.open(holder: holder, lockTimeout: request.lockTimeout, now: Date.init, recordedScopes: { startReads($0[CanvasPlanner.stateProvider] ?? []) }))
        } catch {
            state = .failure(error)
        }
        let connection = await connecting.result
        // The accounts the records name (a pass over every record, so made once).
        let recordedAccounts = (try? state.get())?.snapshot.scopes[CanvasPlanner.stateProvider] ?? []
        if case .success = connection { startReads(recordedAccounts) }
        let lists = early.all
        let loaded = await loading.result

        // Reported in the order of the stages; everything opened is closed on the way out.
        func abandon(_ report: () -> Void) async -> PlanningSession? {
            for read in lists.values { read.cancel() }
            for read in lists.values { _ = await read.result }
            if case .success(let state) = state { await state.close() }
            if case .success(let connected) = connection { await connected.close() }
            report()
            return nil
        }
        let set: ManifestSet
        switch loaded {
        case .success(let value): set = value
        case .failure(let error as ManifestErrors): return await abandon { DiagnosticPrinter(context: context).print(error.diagnostics) }
        case .failure(let error): return await abandon { context.console.err("error: \(error)") }
        }
        let account: CanvasID?
        switch defaultAccount {
        case .success(let value): account = value
        case .failure(let error): return await abandon { context.console.err("error: \(error.message)") }
        }
        var connected: Connection
        switch connection {
        case .success(let value): connected = value
        case .failure(let error as ConnectionError): return await abandon { context.console.err("error: \(error.message)") }
        case .failure(let error): return await abandon { context.console.err("error: \(error)") }
        }
        if let warning = connected.warning { context.console.err("warning: \(warning)") }
        // What a server answers may echo a request: the manifests' secrets never come out of it.
        connected = connected.screening(set.secrets)
        let opened: any StateSession
        switch state {
        case .success(let value): opened = value
        case .failure(let error): return await abandon { context.console.err("error: \(error)") }
        }

        // The accounts to read are those of the manifests and those of the resources the state
        // records (an account whose resources all left the manifests still has resources to delete).
        var accounts = set.accounts
        for recorded in recordedAccounts where !accounts.contains(recorded) {
            accounts.append(recorded)
        }
        // A read the state file's list started for an account it no longer has.
        for (account, read) in lists where !accounts.contains(account) { read.cancel() }
        let live: [String?: LiveState]
        do throws(PlanFailure) {
            live = try await readLiveState(of: set, accounts: accounts, lists: lists, client: connected.client, defaultAccount: account)
        } catch {
            return await abandon { context.console.err("error: \(error.message)") }
        }

        let desired: DesiredState
        do throws(ManifestErrors) {
            desired = try DesiredStateResolver.resolve(set, live: live)
        } catch {
            return await abandon { DiagnosticPrinter(context: context).print(error.diagnostics) }
        }

        let plan: Plan
        do throws(ManifestErrors) {
            plan = try CanvasPlanner(fingerprinter: connected.fingerprinter).plan(desired: desired, live: live, state: opened.snapshot)
        } catch {
            return await abandon { DiagnosticPrinter(context: context).print(error.diagnostics) }
        }
        return PlanningSession(
            set: set, connection: connected, live: live, desired: desired, defaultAccount: account, state: opened, plan: plan
        )
    }

    /// The id to read an account as: the default account for documents without `account:`; nil
    /// when the text is not an id (reported when the accounts are read).
    private static func accountID(_ account: String?, defaultAccount: CanvasID?) -> CanvasID?? {
        guard let account else { return .some(defaultAccount) }
        return CanvasID(account).map { .some($0) }
    }

    /// The renderer for this session's plan, with each switched-on schedule's next fire times, in
    /// colour on a terminal.
    func renderer(context: CommandContext, compact: Bool) -> PlanRenderer {
        PlanRenderer(
            notes: ScheduleForecast().notes(for: plan, desired: desired, now: context.now()), compact: compact,
            colour: TerminalStyle(console: context.console, stream: .output, environment: context.environment).enabled,
            operationKinds: CanvasPlanner.operationKinds
        )
    }

    /// Closes the state file (releasing its lock, when still held) and the connection (stopping
    /// the embedded emulator, when it started one). Changes recorded and not committed stay in the
    /// state's journal.
    func close() async {
        await state.close()
        await connection.close()
    }

    /// The state: `--state`, else `CANVAS_STATE`, else `canvasctl.state.json` beside the first
    /// manifest path (inside it when it is a directory).
    static func statePath(_ option: String?, paths: [String], environment: [String: String]) -> String {
        if let option, !option.isEmpty { return option }
        if let path = environment["CANVAS_STATE"], !path.isEmpty { return path }
        let first = paths.first ?? "."
        var isDirectory: ObjCBool = false
        let directory = FileManager.default.fileExists(atPath: first, isDirectory: &isDirectory) && isDirectory.boolValue
            ? first
            : (first as NSString).deletingLastPathComponent
        if directory.isEmpty { return "canvasctl.state.json" }
        return directory.hasSuffix("/") ? directory + "canvasctl.state.json" : directory + "/canvasctl.state.json"
    }

    /// Reads every account at once (those of the set, and those only the state still names): the
    /// lists of each account (reusing a read already under way in `lists`), then the details of the
    /// templates its workflows use.
    static func readLiveState(
        of set: ManifestSet, accounts: [String?], lists: [String?: Task<LiveState, any Error>] = [:], client: CanvasClient,
        defaultAccount: CanvasID?
    ) async throws(PlanFailure) -> [String?: LiveState] {
        // Every account is checked before any read starts, so that a bad one leaves none running.
        var ids: [CanvasID?] = []
        for account in accounts {
            guard let id = accountID(account, defaultAccount: defaultAccount) else {
                throw PlanFailure(message: "account '\(PrintableText.escaped(account ?? ""))' is not a Canvas account id")
            }
            ids.append(id)
        }
        var reads: [(account: String?, list: Task<LiveState, any Error>, templates: Set<String>)] = []
        for (account, id) in zip(accounts, ids) {
            let list = lists[account] ?? Task { try await LiveState.readLists(account: id, client: client) }
            let templates = Set(set.workflows.filter { $0.account == account }.map(\.template.value))
            reads.append((account, list, templates))
        }
        let planned = reads
        let results = await readEach(count: planned.count) { index in
            try await planned[index].list.value.detailingTemplates(planned[index].templates, client: client)
        }
        var live: [String?: LiveState] = [:]
        // Errors are reported in the set's order of accounts, so that a run is repeatable.
        for (index, read) in reads.enumerated() {
            switch results[index] {
            case .success(let state): live[read.account] = state
            case .failure(let error): throw PlanFailure(message: error.description)
            }
        }
        return live
    }
}

extension PlanningSession {
    /// Runs `read` for 0..<count at once and answers each result at its index: how `plan`, `apply`
    /// and `export` read their accounts.
    static func readEach(
        count: Int, _ read: @escaping @Sendable (Int) async throws -> LiveState
    ) async -> [Result<LiveState, CanvasAPIError>] {
        await withTaskGroup(of: AccountRead.self) { group in
            for index in 0..<count {
                group.addTask {
                    do {
                        return AccountRead(index: index, result: .success(try await read(index)))
                    } catch let error as CanvasAPIError {
                        return AccountRead(index: index, result: .failure(error))
                    } catch {
                        return AccountRead(index: index, result: .failure(CanvasAPIError(kind: .transport, endpoint: nil, status: nil, message: "\(error)")))
                    }
                }
            }
            var results = [Result<LiveState, CanvasAPIError>](
                repeating: .failure(CanvasAPIError(kind: .transport, endpoint: nil, status: nil, message: "not read")), count: count
            )
            for await read in group { results[read.index] = read.result }
            return results
        }
    }
}

/// The reads of accounts' lists started before the manifests are loaded, by account: each started
/// once, from the thread that reads the state file or from the session.
private final class StartedReads: Sendable {
    private let reads = Mutex<[String?: Task<LiveState, any Error>]>([:])

    func start(_ account: String?, _ read: @escaping @Sendable () async throws -> LiveState) {
        reads.withLock { reads in
            if reads[account] == nil { reads[account] = Task(priority: .high, operation: read) }
        }
    }

    var all: [String?: Task<LiveState, any Error>] { reads.withLock { $0 } }
}

/// What reading one account gave, by its place in the list of reads. A struct on purpose: a
/// tuple holding a `Result` with a typed error, made by `do throws(…)` in the child task, crashed
/// release builds (Swift 6.3.1, -O) here (a bad pointer when the task group handed the result over).
struct AccountRead: Sendable {
    var index: Int
    var result: Result<LiveState, CanvasAPIError>
}

/// A failure of planning outside the manifests and the state: a sentence for `error: …`.
struct PlanFailure: Error, Sendable {
    let message: String
}
