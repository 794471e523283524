import ArgumentParser
import CanvasAPI
import CanvasProvider
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

            Changes run as soon as what they depend on is done, up to --parallelism at a time. Each \
            change prints a line when it starts and when it ends. A change that fails stops only \
            the changes that depend on it; the rest goes on. Every change that succeeded is \
            recorded in the state, also when others failed, so that a new apply converges.

            Ctrl-C stops cleanly: no new change starts, the changes under way finish and are \
            recorded, and the state is saved and unlocked; apply again to finish. A second Ctrl-C \
            stops at once.

            Connection and state: as for `plan` (see `canvasctl plan --help`). The state is locked \
            for the whole run.

            Exit codes: 0 success (also when there is nothing to apply), 1 error, any change \
            failed, or interrupted.

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

    @Option(name: .customLong("lock-timeout"), help: ArgumentHelp(
        "How long to wait for the state's lock when another run holds it, as 30s or 5m (default: refuse at once).",
        valueName: "DURATION"
    ))
    var lockTimeout: LockTimeout = .zero

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var accountOption: AccountOption

    func validate() throws {
        if paths.isEmpty && savedPlan == nil {
            throw ValidationError("apply needs manifest PATHs, or --plan FILE with a plan saved by canvasctl plan --out.")
        }
        if !paths.isEmpty && savedPlan != nil {
            throw ValidationError("--plan carries out a saved plan with the paths it was made from; give either PATHs or --plan, not both.")
        }
        if parallelism < 1 {
            throw ValidationError("--parallelism takes a number of at least 1, as in --parallelism 4.")
        }
    }

    /// The question asked on a terminal; only `yes` goes on.
    static let confirmation = "Do you want to perform these actions? Only 'yes' will be accepted: "

    func run(in context: CommandContext) async -> Int32 {
        var request = PlanningSession.Request(
            paths: paths, inputs: variables.inputs, connection: connection.settings, account: accountOption.account, state: state,
            command: "canvasctl apply"
        )
        request.lockTimeout = lockTimeout.duration
        var saved: SavedPlan?
        if let savedPlan {
            do {
                let plan = try SavedPlan.read(savedPlan)
                saved = plan
                request = try savedRequest(plan, path: savedPlan, environment: context.environment)
            } catch {
                context.console.err("error: \(error)")
                return 1
            }
            request.lockTimeout = lockTimeout.duration
        }
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

    /// The session request of a saved plan: its own paths and options, its endpoint only when the
    /// one in force (`--endpoint`, else `CANVAS_URL`) is the same or none is set, and admitted only
    /// once its authentication code matches the keys, before anything is sent.
    private func savedRequest(_ plan: SavedPlan, path: String, environment: [String: String]) throws(SavedPlan.Problem) -> PlanningSession.Request {
        let inForce = connection.endpoint ?? environment["CANVAS_URL"].flatMap { $0.isEmpty ? nil : $0 }
        if let inForce, SavedPlan.comparable(inForce) != SavedPlan.comparable(plan.endpoint) {
            throw SavedPlan.Problem(description:
                "the saved plan \(path) was made against \(RedactedURL(plan.endpoint)), not \(RedactedURL(inForce)) (the endpoint in force, from --endpoint or "
                    + "CANVAS_URL); nothing was sent. Make a new plan against this endpoint, or apply this one with its own.")
        }
        var request = PlanningSession.Request(
            paths: plan.paths,
            inputs: ManifestInputs(assignments: plan.variables, variableFiles: plan.variableFiles, allowFileOutside: plan.allowFileOutside),
            connection: ConnectionSettings(endpoint: plan.endpoint, allowInsecureHTTP: plan.allowInsecureHTTP),
            account: plan.account,
            state: SavedPlan.state(plan.state, inForce: state ?? environment["CANVAS_STATE"]), command: "canvasctl apply"
        )
        request.admit = { connection in
            plan.isAuthentic(under: connection.planAuthenticator) ? nil
                : "the saved plan \(path) was not made with these keys, or was changed since (its authentication code does not match); "
                    + "nothing was sent. Make a new plan."
        }
        return request
    }

    /// Everything after planning; the caller closes the session on every path.
    private func apply(_ session: PlanningSession, context: CommandContext, approved: Bool, interruption: ApplyInterruption) async -> Int32 {
        let plan = session.plan
        var rendering = session.renderer(context: context, compact: compact).render(plan, as: .text)
        if rendering.hasSuffix("\n") { rendering.removeLast() }
        context.console.out(rendering)
        let applier = CanvasApplier(
            client: session.connection.client, desired: session.desired, live: session.live, plan: plan,
            state: session.state, fingerprinter: session.connection.fingerprinter, defaultAccount: session.defaultAccount
        )
        guard plan.summary.hasChanges else {
            context.console.out("Nothing to apply.")
            return await finishState(applier, session: session, context: context) ? 0 : 1
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

        let graph: PlanGraph
        do throws(PlanGraph.CycleError) {
            graph = try PlanGraph(changes: plan.changes)
        } catch {
            context.console.err("error: \(error.description)")
            return 1
        }

        let progress = ApplyProgress(
            console: context.console, live: context.console.isTerminal(.output) && context.environment["TERM"] != "dumb",
            total: graph.steps.count, changes: graph.changes
        )
        let changes = graph.changes
        context.console.out("")
        // Changes of one account run within the client's bound for the account, so that no worker
        // waits behind it while changes of other accounts are ready.
        let executor = ApplyExecutor(
            parallelism: parallelism, groupLimit: session.connection.client.configuration.maxConcurrentRequestsPerAccount
        )
        let report = await executor.run(
            graph,
            // A state that can record nothing more (a PostgreSQL state's connection lost) stops the
            // run as an interrupt does: what is under way finishes, nothing new starts.
            stopRequested: { [state = session.state] in interruption.isRequested || state.failure != nil },
            perform: { step, change in try await applier.perform(step, change) },
            events: { event in progress.handle(event) }
        )
        progress.finish()

        var code: Int32 = await finishState(applier, session: session, context: context) ? 0 : 1
        if let failure = session.state.failure {
            context.console.err("error: \(failure)")
            code = 1
        }

        context.console.out("")
        if report.isSuccess {
            context.console.out(Self.summary(of: report, changes: changes))
        } else if !report.notStarted.isEmpty {
            context.console.out(
                "Apply interrupted: \(report.succeeded.count) succeeded, \(report.failed.count) failed, \(report.skipped.count) skipped, "
                    + "\(report.notStarted.count) not started. What was done is recorded in the state; apply again to finish."
            )
            code = 1
        } else {
            context.console.out(
                "Apply failed: \(report.succeeded.count) succeeded, \(report.failed.count) failed, \(report.skipped.count) skipped."
            )
            code = 1
        }
        return code
    }

    /// Records the credentials of applications `export` adopted, removes the records the plan
    /// forgets (resources deleted outside canvasctl and gone from the manifests), then commits and
    /// closes the state; false (with an error printed) when the state cannot be written. Runs at
    /// the end of every apply, changes or not: neither sends anything to Canvas.
    private func finishState(_ applier: CanvasApplier, session: PlanningSession, context: CommandContext) async -> Bool {
        let finished: Bool
        do {
            let recorded = try await applier.recordAdoptedCredentials()
            if recorded > 0 {
                context.console.out(
                    "Recorded the credentials of \(recorded) exported application\(recorded == 1 ? "" : "s") as the manifests give them "
                        + "(not sent: Canvas cannot show them to compare); from now on a changed credential is a change."
                )
            }
            let forgotten = session.plan.forgotten
            for resource in forgotten {
                try await session.state.remove(key: StateRecord.key(provider: CanvasPlanner.stateProvider, address: resource.address.description))
            }
            if !forgotten.isEmpty {
                context.console.out(
                    "Forgot \(forgotten.count) state record\(forgotten.count == 1 ? "" : "s") of resources deleted outside canvasctl: "
                        + PrintableText.escaped(forgotten.map(\.address.description).joined(separator: ", ")) + "."
                )
            }
            try await session.state.commit()
            finished = true
        } catch {
            context.console.err("error: \(error)")
            finished = false
        }
        await session.state.close()
        return finished
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
