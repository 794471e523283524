import ArgumentParser
import CanvasOperations
import Foundation
import Manifest
import OrderedCollections
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
            `Plan: N to add, N to change, N to replace, N to destroy.` (with `; N deploys` when \
            there are any; a deploy adds nothing). Each block shows the name in Canvas beside the \
            key and the live id; + create, ~ update, +/- replace (create before destroy), - delete. \
            Sensitive values show as (sensitive).

            Connection: --endpoint or CANVAS_URL is the API base URL; the keys come from \
            CANVAS_CONSUMER_KEY and CANVAS_SECRET_KEY, or CANVAS_TOKEN (never from arguments). \
            --endpoint local runs the embedded emulator in-process, with its data and keys in \
            .canvasctl/emulator.json under the current directory (or in $CANVASCTL_HOME/emulator.json \
            when CANVASCTL_HOME is set).

            State: --state, else CANVAS_STATE, else canvasctl.state.json beside the first manifest \
            path (in it, when it is a directory). A missing state file is an empty state.

            --target ADDRESS narrows the plan to that resource, what it depends on, and for a \
            delete what depends on it; the plan says it is partial. A plan that destroys every \
            resource the state manages in an account, or more than --max-destroy N, carries a \
            warning: apply refuses it without --allow-destroy.

            Exit codes: 0 success, 1 error; with --detailed-exitcode, 0 no changes, 2 changes present.

            Examples:
              canvasctl plan examples/quickstart
              canvasctl plan manifests/ --endpoint local
              canvasctl plan manifests/ --format json --detailed-exitcode > plan.json
              canvasctl plan manifests/ --var-file prod.vars.yaml --state prod.state.json --format markdown
              canvasctl plan manifests/ --target workflow.export --out export.plan
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

    @Flag(help: "One line per changed resource (text format), for long plans.")
    var compact = false

    @Flag(name: .customLong("detailed-exitcode"), help: "Exit 2 when the plan has changes, 0 when it has none.")
    var detailedExitCode = false

    @Option(help: ArgumentHelp(
        "The state: a file, or a postgres:// or http(s):// URL (default: $CANVAS_STATE, else canvasctl.state.json beside the first PATH).",
        valueName: "FILE|URL"
    ))
    var state: String?

    @OptionGroup var lockTimeout: LockTimeoutOption

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var accountOption: AccountOption

    @OptionGroup var targetOptions: TargetOptions
    @OptionGroup var destroyLimit: DestroyLimitOption

    @Option(name: .customLong("out"), help: ArgumentHelp("Save the plan, for `canvasctl apply --plan FILE` to carry out exactly.", valueName: "FILE"))
    var out: String?

    func run(in context: CommandContext) async -> Int32 {
        let request = PlanRequest(
            paths: paths, inputs: variables.inputs, connection: connection.settings, account: accountOption.account, state: state,
            command: "canvasctl plan", lockTimeout: lockTimeout.duration, environment: context.environment,
            targets: targetOptions.addresses, maxDestroy: destroyLimit.maxDestroy
        )
        guard let session = await PlanningSession.start(request, context: context) else { return 1 }
        // Plan only reads the state: its lock is released before anything is printed.
        await session.state.close()
        let plan = session.plan
        var renderer = session.renderer(context: context, compact: compact)
        renderer.warnings = session.destroyWarnings.map { $0 + "; apply refuses this plan without --allow-destroy" }
        var rendering = renderer.render(plan, as: format.rendererFormat)
        if rendering.hasSuffix("\n") { rendering.removeLast() }
        context.console.out(rendering)
        var code: Int32 = detailedExitCode && plan.summary.hasChanges ? 2 : 0
        if let out {
            code = save(session, to: out, context: context) ? code : 1
        }
        context.keepUntilExit(session)
        await session.close()
        return code
    }

    /// Writes the plan and what made it for `apply --plan`; false (with an error) when it cannot.
    private func save(_ session: PlanningSession, to path: String, context: CommandContext) -> Bool {
        do throws(SavedPlan.Problem) {
            try session.saved(createdAt: Date()).write(to: path)
        } catch {
            context.console.err("error: \(error)")
            return false
        }
        context.console.err("Saved the plan to \(path); carry it out with: canvasctl apply --plan \(path)")
        return true
    }
}
