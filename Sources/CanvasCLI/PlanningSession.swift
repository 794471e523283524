import CanvasAPI
import CanvasProvider
import Foundation
import Manifest
import Reconciler
import StateStore

/// The planning flow that `plan` and `apply` share: loads the manifests, connects, reads the live
/// state of every account the set manages, resolves the set against it, opens the state file (with
/// its lock) and plans.
///
/// A session that started holds the connection and the open, locked state file: the caller closes
/// the state (``StateFile/close()``) when it no longer needs the lock, and calls ``close()`` at
/// the end. A session that could not start has printed why and left nothing open.
struct PlanningSession: Sendable {
    let set: ManifestSet
    let connection: Connection
    let live: [String?: LiveState]
    let desired: DesiredState
    /// The ManagedAccountId of documents without `account:`; nil for the keys' own account.
    let defaultAccount: CanvasID?
    /// The state file, open and locked until ``StateFile/close()`` or ``close()``.
    let state: StateFile
    let plan: Plan

    /// What a session is started from: the command's arguments and options.
    struct Request: Sendable {
        var paths: [String]
        var variables: VariableOptions
        var connection: ConnectionOptions
        var account: AccountOption
        /// `--state`, when given.
        var state: String?
        /// The command the state's lock names, such as `canvasctl plan`.
        var command: String
    }

    /// Plans as the request says. On any failure it prints the diagnostics or `error: …` through the
    /// context's console, closes what it opened, and returns nil.
    static func start(_ request: Request, context: CommandContext) async -> PlanningSession? {
        let loader = ManifestLoader(
            environment: context.environment,
            variableOverrides: request.variables.overrides.compactMap { $0 },
            variableFiles: request.variables.variableFiles
        )
        let set: ManifestSet
        do throws(ManifestErrors) {
            set = try await loader.load(request.paths)
        } catch {
            DiagnosticPrinter(context: context).print(error.diagnostics)
            return nil
        }

        let defaultAccount: CanvasID?
        do throws(ConnectionError) {
            defaultAccount = try request.account.defaultAccount(environment: context.environment)
        } catch {
            context.console.err("error: \(error.message)")
            return nil
        }
        let connected: Connection
        do throws(ConnectionError) {
            connected = try await request.connection.connect(environment: context.environment)
        } catch {
            context.console.err("error: \(error.message)")
            return nil
        }
        if let warning = connected.warning { context.console.err("warning: \(warning)") }
        guard let session = await plan(set, request: request, connection: connected, defaultAccount: defaultAccount, context: context) else {
            await connected.close()
            return nil
        }
        return session
    }

    /// Everything after connecting; the caller closes the connection when this returns nil.
    private static func plan(
        _ set: ManifestSet, request: Request, connection: Connection, defaultAccount: CanvasID?, context: CommandContext
    ) async -> PlanningSession? {
        // The state first: the accounts to read are those of the manifests and those of the
        // resources it records (an account whose resources all left the manifests still has
        // resources to delete).
        let state: StateFile
        do throws(StateError) {
            state = try StateFile.open(
                path: statePath(request.state, paths: request.paths, environment: context.environment),
                holder: LockHolder.current(command: request.command)
            )
        } catch {
            context.console.err("error: \(error)")
            return nil
        }
        var accounts = set.accounts
        for account in Set(state.snapshot.records.values.map(\.account)) where !accounts.contains(account) {
            accounts.append(account)
        }

        let live: [String?: LiveState]
        do throws(PlanFailure) {
            live = try await readLiveState(of: set, accounts: accounts, client: connection.client, defaultAccount: defaultAccount)
        } catch {
            state.close()
            context.console.err("error: \(error.message)")
            return nil
        }

        let desired: DesiredState
        do throws(ManifestErrors) {
            desired = try DesiredStateResolver.resolve(set, live: live)
        } catch {
            state.close()
            DiagnosticPrinter(context: context).print(error.diagnostics)
            return nil
        }

        let plan: Plan
        do throws(ManifestErrors) {
            plan = try CanvasPlanner(fingerprinter: connection.fingerprinter).plan(desired: desired, live: live, state: state.snapshot)
        } catch {
            state.close()
            DiagnosticPrinter(context: context).print(error.diagnostics)
            return nil
        }
        return PlanningSession(
            set: set, connection: connection, live: live, desired: desired, defaultAccount: defaultAccount, state: state, plan: plan
        )
    }

    /// The renderer for this session's plan, with each switched-on schedule's next fire times, in
    /// colour on a terminal.
    func renderer(context: CommandContext, compact: Bool) -> PlanRenderer {
        PlanRenderer(
            notes: ScheduleForecast().notes(for: plan, desired: desired, now: context.now()), compact: compact,
            colour: TerminalStyle(console: context.console, stream: .output, environment: context.environment).enabled
        )
    }

    /// Closes the state file (releasing its lock, when still held) and the connection (stopping
    /// the embedded emulator, when it started one). Changes recorded and not committed stay in the
    /// state's journal.
    func close() async {
        state.close()
        await connection.close()
    }

    /// The state file: `--state`, else `CANVAS_STATE`, else `canvasctl.state.json` beside the first
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

    /// Reads every account at once (those of the set, and those only the state still names); the
    /// template references of an account are the `template` values of its workflows.
    static func readLiveState(
        of set: ManifestSet, accounts: [String?], client: CanvasClient, defaultAccount: CanvasID?
    ) async throws(PlanFailure) -> [String?: LiveState] {
        var reads: [(account: String?, id: CanvasID?, templates: Set<String>)] = []
        for account in accounts {
            var id: CanvasID? = defaultAccount
            if let account {
                guard let parsed = CanvasID(account) else {
                    throw PlanFailure(message: "account '\(DiagnosticPrinter.escaped(account))' is not a Canvas account id")
                }
                id = parsed
            }
            let templates = Set(set.workflows.filter { $0.account == account }.map(\.template.value))
            reads.append((account, id, templates))
        }
        let planned = reads
        let results = await readEach(count: planned.count) { index in
            try await LiveState.read(account: planned[index].id, client: client, templateReferences: planned[index].templates)
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
