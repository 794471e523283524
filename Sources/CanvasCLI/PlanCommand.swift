import ArgumentParser
import CanvasAPI
import CanvasProvider
import Foundation
import Manifest
import Reconciler
import StateStore

/// `canvasctl plan PATH...`: reads the live accounts of a manifest set and the state, and prints
/// what apply would do. Changes nothing: the state is only read (under its lock, released before
/// the plan is printed).
struct PlanCommand: CanvasctlCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what apply would change in Canvas; changes nothing.",
        discussion: """
            Loads the manifests (as validate does), reads every Canvas account they manage, \
            resolves them against the catalog and templates, compares with the live resources and \
            the state, and prints the plan: one block per change, then \
            `Plan: N to add, N to change, N to replace, N to destroy.` Sensitive values show as \
            (sensitive).

            Connection: --endpoint or CANVAS_URL is the API base URL; the keys come from \
            CANVAS_CONSUMER_KEY and CANVAS_SECRET_KEY, or CANVAS_TOKEN (never from arguments). \
            --endpoint local runs the embedded emulator in-process, with its data and keys in \
            .canvasctl/emulator.json under the current directory (or in $CANVASCTL_HOME/emulator.json \
            when CANVASCTL_HOME is set).

            State: --state, else CANVAS_STATE, else canvasctl.state.json beside the first manifest \
            path (in it, when it is a directory). A missing state file is an empty state.

            Exit codes: 0 success, 1 error; with --detailed-exitcode, 0 no changes, 2 changes present.

            Examples:
              canvasctl plan examples/quickstart
              canvasctl plan manifests/ --endpoint local
              canvasctl plan manifests/ --format json --detailed-exitcode > plan.json
              canvasctl plan manifests/ --var-file prod.vars.yaml --state prod.state.json --format markdown
            """
    )

    /// The renderings of a plan, as `--format` takes them.
    enum Format: String, CaseIterable, ExpressibleByArgument {
        case text, json, markdown

        var rendererFormat: PlanRenderer.Format {
            switch self {
            case .text: .text
            case .json: .json
            case .markdown: .markdown
            }
        }
    }

    @Argument(help: ArgumentHelp("Manifest files or directories.", valueName: "PATH"))
    var paths: [String]

    @OptionGroup var variables: VariableOptions

    @Option(help: ArgumentHelp("How to print the plan: text, json or markdown.", valueName: "FORMAT"))
    var format: Format = .text

    @Flag(name: .customLong("detailed-exitcode"), help: "Exit 2 when the plan has changes, 0 when it has none.")
    var detailedExitCode = false

    @Option(help: ArgumentHelp("The state file (default: $CANVAS_STATE, else canvasctl.state.json beside the first PATH).", valueName: "FILE"))
    var state: String?

    @OptionGroup var connection: ConnectionOptions

    func run(in context: CommandContext) async -> Int32 {
        let loader = ManifestLoader(
            environment: context.environment,
            variableOverrides: variables.overrides.compactMap { $0 },
            variableFiles: variables.variableFiles
        )
        let set: ManifestSet
        do throws(ManifestErrors) {
            set = try await loader.load(paths)
        } catch {
            DiagnosticPrinter(context: context).print(error.diagnostics)
            return 1
        }

        let connected: Connection
        do throws(ConnectionError) {
            connected = try await connection.connect(environment: context.environment)
        } catch {
            context.console.err("error: \(error.message)")
            return 1
        }
        let code = await plan(set, connection: connected, context: context)
        await connected.close()
        return code
    }

    /// Everything after connecting, so that the caller closes the connection on every path.
    private func plan(_ set: ManifestSet, connection: Connection, context: CommandContext) async -> Int32 {
        let live: [String?: LiveState]
        do throws(PlanFailure) {
            live = try await Self.readLiveState(of: set, client: connection.client)
        } catch {
            context.console.err("error: \(error.message)")
            return 1
        }

        let desired: DesiredState
        do throws(ManifestErrors) {
            desired = try DesiredStateResolver.resolve(set, live: live)
        } catch {
            DiagnosticPrinter(context: context).print(error.diagnostics)
            return 1
        }

        let snapshot: StateSnapshot
        do throws(StateError) {
            let file = try StateFile.open(
                path: statePath(environment: context.environment),
                holder: LockHolder.current(command: "canvasctl plan")
            )
            snapshot = file.snapshot
            file.close()
        } catch {
            context.console.err("error: \(error)")
            return 1
        }

        let plan: Plan
        do throws(ManifestErrors) {
            plan = try CanvasPlanner(fingerprinter: connection.fingerprinter).plan(desired: desired, live: live, state: snapshot)
        } catch {
            DiagnosticPrinter(context: context).print(error.diagnostics)
            return 1
        }

        var rendering = PlanRenderer().render(plan, as: format.rendererFormat)
        if rendering.hasSuffix("\n") { rendering.removeLast() }
        context.console.out(rendering)
        context.keepUntilExit(set)
        return detailedExitCode && plan.summary.hasChanges ? 2 : 0
    }

    /// The state file: `--state`, else `CANVAS_STATE`, else `canvasctl.state.json` beside the first
    /// manifest path (inside it when it is a directory).
    func statePath(environment: [String: String]) -> String {
        if let state, !state.isEmpty { return state }
        if let path = environment["CANVAS_STATE"], !path.isEmpty { return path }
        let first = paths.first ?? "."
        var isDirectory: ObjCBool = false
        let directory = FileManager.default.fileExists(atPath: first, isDirectory: &isDirectory) && isDirectory.boolValue
            ? first
            : (first as NSString).deletingLastPathComponent
        if directory.isEmpty { return "canvasctl.state.json" }
        return directory.hasSuffix("/") ? directory + "canvasctl.state.json" : directory + "/canvasctl.state.json"
    }

    /// Reads every account of the set at once; the template references of an account are the
    /// `template` values of its workflows.
    static func readLiveState(of set: ManifestSet, client: CanvasClient) async throws(PlanFailure) -> [String?: LiveState] {
        var reads: [(account: String?, id: CanvasID?, templates: Set<String>)] = []
        for account in set.accounts {
            var id: CanvasID?
            if let account {
                guard let parsed = CanvasID(account) else {
                    throw PlanFailure(message: "account '\(DiagnosticPrinter.escaped(account))' is not a Canvas account id")
                }
                id = parsed
            }
            let templates = Set(set.workflows.filter { $0.account == account }.map(\.template.value))
            reads.append((account, id, templates))
        }
        let results = await withTaskGroup(of: (String?, Result<LiveState, CanvasAPIError>).self) { group in
            for read in reads {
                group.addTask {
                    do throws(CanvasAPIError) {
                        return (read.account, .success(try await LiveState.read(account: read.id, client: client, templateReferences: read.templates)))
                    } catch {
                        return (read.account, .failure(error))
                    }
                }
            }
            var results: [String?: Result<LiveState, CanvasAPIError>] = [:]
            for await (account, result) in group { results[account] = result }
            return results
        }
        var live: [String?: LiveState] = [:]
        // Errors are reported in the set's order of accounts, so that a run is repeatable.
        for read in reads {
            switch results[read.account] {
            case .success(let state)?:
                live[read.account] = state
            case .failure(let error)?:
                throw PlanFailure(message: error.description)
            case nil:
                throw PlanFailure(message: "the live state of account \(read.account ?? "(own)") was not read")
            }
        }
        return live
    }
}

/// A failure of plan outside the manifests and the state: a sentence for `error: …`.
struct PlanFailure: Error, Sendable {
    let message: String
}
