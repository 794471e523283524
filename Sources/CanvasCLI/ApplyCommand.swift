import ArgumentParser
import CanvasOperations
import Foundation
import Reconciler
import SafeText
import StateStore

/// `canvasctl apply PATH...`: plans as `plan` does, asks for confirmation (unless
/// `--auto-approve`), and carries the plan out through the API, recording every change in the
/// state, which stays locked from the plan to the end.
struct ApplyCommand: CanvasctlCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Change Canvas to match the manifests, recording what it did in the state.",
        discussion: """
            Plans as `plan` does and prints the plan; then, on a terminal, asks for confirmation \
            (only 'yes' goes on). Without a terminal (as in CI) it refuses to run unless \
            --auto-approve is given.

            Changes run as soon as what they depend on is done, up to --parallelism at a time, and \
            at most --max-per-account requests of one account at once (lowered for a while when \
            Canvas answers 429). Each change prints a line when it starts and when it ends. A change that fails stops only \
            the changes that depend on it; the rest goes on. Every change that succeeded is \
            recorded in the state, also when others failed, so that a new apply converges.

            Ctrl-C stops cleanly: no new change starts, the changes under way finish and are \
            recorded, and the state is saved and unlocked; apply again to finish. A second Ctrl-C \
            stops at once.

            Connection and state: as for `plan` (see `canvasctl plan --help`). The state is locked \
            for the whole run.

            Guardrail: a plan that destroys every resource the state manages in an account, or \
            more than --max-destroy N resources, is refused unless --allow-destroy is given. \
            --target ADDRESS applies part of the set, as `plan --target` shows it.

            Exit codes: 0 success (also when there is nothing to apply), 1 error, any change \
            failed, refused, or interrupted.

            Examples:
              canvasctl apply examples/quickstart --endpoint local
              canvasctl apply manifests/ --auto-approve --parallelism 4
              canvasctl apply manifests/ --var-file prod.vars.yaml --state prod.state.json
            """
    )

    @Argument(help: ArgumentHelp("Manifest files or directories (not with --plan).", valueName: "PATH"))
    var paths: [String] = []

    @Option(name: .customLong("plan"), help: ArgumentHelp("Carry out a plan saved by `canvasctl plan --out FILE`, exactly; refused when anything changed since.", valueName: "FILE"))
    var savedPlan: String?

    @OptionGroup var variables: VariableOptions

    @Flag(name: .customLong("auto-approve"), help: "Apply without asking for confirmation.")
    var autoApprove = false

    @Flag(help: "Show the plan with one line per changed resource, for long plans.")
    var compact = false

    @Option(help: ArgumentHelp("How many changes may run at once.", valueName: "N"))
    var parallelism: Int = 8

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

    @Flag(name: .customLong("allow-destroy"), help: "Apply a plan that destroys every resource the state manages in an account, or more than --max-destroy.")
    var allowDestroy = false

    func validate() throws {
        if paths.isEmpty && savedPlan == nil {
            throw ValidationError("apply needs manifest PATHs, or --plan FILE with a plan saved by canvasctl plan --out.")
        }
        if !paths.isEmpty && savedPlan != nil {
            throw ValidationError("--plan carries out a saved plan with the paths it was made from; give either PATHs or --plan, not both.")
        }
        if savedPlan != nil && !targetOptions.targets.isEmpty {
            throw ValidationError("--plan carries out a saved plan with its own targets; give --target to plan --out, not to apply --plan.")
        }
        if parallelism < 1 {
            throw ValidationError("--parallelism takes a number of at least 1, as in --parallelism 4.")
        }
    }

    /// The question asked on a terminal; only `yes` goes on.
    static let confirmation = "Do you want to perform these actions? Only 'yes' will be accepted: "

    func run(in context: CommandContext) async -> Int32 {
        var request = PlanRequest(
            paths: paths, inputs: variables.inputs, connection: connection.settings, account: accountOption.account, state: state,
            command: "canvasctl apply", environment: context.environment, targets: targetOptions.addresses
        )
        var saved: SavedPlan?
        if let savedPlan {
            do throws(SavedPlan.Problem) {
                let plan = try SavedPlan.read(savedPlan)
                saved = plan
                request = try plan.request(
                    path: savedPlan, endpointOption: connection.endpoint, stateOption: state, environment: context.environment
                )
                request.connection.maxPerAccount = connection.maxPerAccount
            } catch {
                context.console.err("error: \(error)")
                return 1
            }
        }
        request.lockTimeout = lockTimeout.duration
        request.maxDestroy = destroyLimit.maxDestroy
        let interruption = ApplyInterruption(console: context.console)
        let stopCatching = context.interrupts?.install { _ in interruption.interrupt() }
        defer { stopCatching?() }
        guard let session = await PlanningSession.start(request, context: context) else { return 1 }
        if interruption.isRequested {
            context.console.err("Interrupted: nothing was changed.")
            context.keepUntilExit(session)
            await session.close()
            return 1
        }
        if let saved, saved.plan != session.plan {
            context.console.err(
                "error: the saved plan \(savedPlan ?? "") is stale: the live accounts, the manifests, their secrets or the state "
                    + "changed since it was made; nothing was changed. Make a new plan."
            )
            context.keepUntilExit(session)
            await session.close()
            return 1
        }
        let code = await apply(session, context: context, approved: saved != nil, interruption: interruption)
        context.keepUntilExit(session)
        await session.close()
        return code
    }

    /// Everything after planning: the plan shown, the question asked, the apply carried out and
    /// shown; the caller closes the session on every path.
    private func apply(_ session: PlanningSession, context: CommandContext, approved: Bool, interruption: ApplyInterruption) async -> Int32 {
        let plan = session.plan
        var renderer = session.renderer(context: context, compact: compact, parallelism: parallelism)
        let destroyWarnings = session.destroyWarnings
        renderer.warnings = allowDestroy ? destroyWarnings.map { $0 + "; applied, as --allow-destroy says" } : []
        var rendering = renderer.render(plan, as: .text)
        if rendering.hasSuffix("\n") { rendering.removeLast() }
        context.console.out(rendering)
        if !destroyWarnings.isEmpty && !allowDestroy {
            for warning in destroyWarnings { context.console.err("error: \(PrintableText.escaped(warning)).") }
            context.console.err("Nothing was changed. Check the paths and the manifests; if the plan is meant, apply with --allow-destroy.")
            return 1
        }
        let progress = ApplyProgress(
            console: context.console, live: context.console.isTerminal(.output) && context.environment["TERM"] != "dumb"
        )
        guard plan.summary.hasChanges else {
            context.console.out("Nothing to apply.")
            // Only the state is finished: nothing is sent to Canvas.
            let report: ApplyReport
            do throws(OperationError) {
                report = try await Operations.apply(session, parallelism: parallelism, events: progress.handle)
            } catch {
                DiagnosticPrinter(context: context).print(error)
                return 1
            }
            for failure in report.stateErrors { context.console.err("error: \(failure)") }
            return report.stateErrors.isEmpty ? 0 : 1
        }

        // A saved plan was reviewed when it was made: it runs without asking.
        if !autoApprove && !approved {
            guard let readLine = context.readLine else {
                context.console.err("error: apply needs --auto-approve when no terminal can confirm (as in CI)")
                return 1
            }
            // The question waits on the terminal; an interrupt cancels it, and the caller releases
            // the state's lock.
            let question = PendingAnswer()
            guard interruption.enter(.confirming(cancel: { question.resolve(.interrupted) })) else {
                context.console.err("Interrupted: nothing was changed.")
                return 1
            }
            context.console.out("")
            context.console.out(Self.confirmation)
            question.ask(readLine)
            guard case .answered(let line) = await question.answer else {
                context.console.out("\nApply cancelled: nothing was changed.")
                return 1
            }
            let answer = line?.trimmingCharacters(in: .whitespaces)
            guard answer == "yes" else {
                context.console.out("Apply cancelled: nothing was changed.")
                return 1
            }
        }
        guard interruption.enter(.applying) else {
            context.console.err("Interrupted: nothing was changed.")
            return 1
        }

        let report: ApplyReport
        do throws(OperationError) {
            report = try await Operations.apply(
                session, parallelism: parallelism, stopRequested: { interruption.isRequested }, events: progress.handle
            )
        } catch {
            DiagnosticPrinter(context: context).print(error)
            return 1
        }
        for failure in report.stateErrors { context.console.err("error: \(failure)") }
        var code: Int32 = report.stateErrors.isEmpty ? 0 : 1

        context.console.out("")
        // A plan with changes always runs its steps: only a plan without any has no execution.
        guard let execution = report.execution else { return code }
        if execution.isSuccess {
            context.console.out(Self.summary(of: execution, changes: report.changes))
        } else if !execution.notStarted.isEmpty {
            context.console.out(
                "Apply interrupted: \(execution.succeeded.count) succeeded, \(execution.failed.count) failed, \(execution.skipped.count) skipped, "
                    + "\(execution.notStarted.count) not started. What was done is recorded in the state; apply again to finish."
            )
            code = 1
        } else {
            context.console.out(
                "Apply failed: \(execution.succeeded.count) succeeded, \(execution.failed.count) failed, \(execution.skipped.count) skipped."
            )
            code = 1
        }
        return code
    }

    /// One line for one event of the executor.
    static func progressLine(_ event: ApplyExecutor.Event, changes: [ResourceAddress: Change]) -> String {
        func action(of step: PlanGraph.Step) -> Change.Action? { changes[step.address]?.action }
        func shown(_ address: ResourceAddress) -> String { PrintableText.escaped(address.description) }
        switch event {
        case .started(let step):
            return "\(shown(step.address)): \(verb(action(of: step), step.phase, done: false))…"
        case .succeeded(let step, let elapsed):
            return "\(shown(step.address)): \(verb(action(of: step), step.phase, done: true)) after \(seconds(elapsed))"
        case .failed(let step, let message, let elapsed):
            let phase = step.phase == .destroy && action(of: step) == .replace ? " (destroying old)" : ""
            return "\(shown(step.address))\(phase): failed after \(seconds(elapsed)): \(oneLine(message))"
        case .skipped(let step, let because):
            let phase = step.phase == .destroy && action(of: step) == .replace ? " (destroying old)" : ""
            return "\(shown(step.address))\(phase): skipped: \(shown(because.address)) failed"
        }
    }

    /// creating/created, updating/updated, replacing/replaced, destroying/destroyed; the delete half
    /// of a replace is "destroying old".
    static func verb(_ action: Change.Action?, _ phase: PlanGraph.Step.Phase, done: Bool) -> String {
        switch (action, phase) {
        case (.replace?, .destroy): done ? "destroyed old" : "destroying old"
        case (_, .destroy): done ? "destroyed" : "destroying"
        case (.create?, .apply): done ? "created" : "creating"
        case (.replace?, .apply): done ? "replaced" : "replacing"
        default: done ? "updated" : "updating"
        }
    }

    /// `0.4s`.
    static func seconds(_ duration: Duration) -> String {
        let (whole, fraction) = duration.components
        return String(format: "%.1fs", Double(whole) + Double(fraction) / 1e18)
    }

    /// A message on one line, with control characters shown escaped.
    static func oneLine(_ message: String) -> String {
        PrintableText.escaped(
            message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        )
    }

    /// `Apply complete: N added, N changed, N replaced, N destroyed.`, counting the succeeded steps
    /// by their change's action; a replace counts once. Operations (deploys) are counted apart,
    /// by kind: `…, 0 destroyed; 1 deploy.`
    static func summary(of report: ApplyExecutor.Report, changes: [ResourceAddress: Change]) -> String {
        var added = 0, changed = 0, replaced = 0, destroyed = 0
        var operations: [String: Int] = [:]
        for step in report.succeeded {
            if let change = changes[step.address], change.target != nil, step.phase == .apply {
                operations[step.address.kind, default: 0] += 1
                continue
            }
            switch (changes[step.address]?.action, step.phase) {
            case (.create?, .apply): added += 1
            case (.update?, .apply): changed += 1
            case (.replace?, .apply): replaced += 1
            case (.delete?, .destroy): destroyed += 1
            default: break
            }
        }
        return "Apply complete: \(added) added, \(changed) changed, \(replaced) replaced, \(destroyed) destroyed"
            + (Plan.Summary.phrase(operations: operations).map { "; " + $0 } ?? "") + "."
    }
}
