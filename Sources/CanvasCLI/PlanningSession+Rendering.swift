import CanvasAPI
import CanvasOperations
import CanvasProvider
import Reconciler

/// How the commands show a planning session: its plan's renderer and the events of planning.
extension PlanningSession {
    /// The renderer for the plan: the next fire times of each enabled schedule under it, colour
    /// when the output is a terminal, and a closing note when the per-account limit bounds the
    /// apply more than `parallelism` does (`plan` has no `--parallelism`: apply's default, 8).
    func renderer(context: CommandContext, compact: Bool, parallelism: Int = 8) -> PlanRenderer {
        let note = AccountLimitNote.line(
            for: plan, maxPerAccount: connection.client.configuration.maxConcurrentRequestsPerAccount, parallelism: parallelism
        )
        var renderer = PlanRenderer(
            notes: ScheduleForecast().notes(for: plan, desired: desired, now: context.now()), compact: compact,
            colour: TerminalStyle(console: context.console, stream: .output, environment: context.environment).enabled,
            operationKinds: CanvasPlanner.operationKinds
        )
        renderer.closingNotes = note.map { [$0] } ?? []
        return renderer
    }

    /// Plans as `request` says, showing planning's events; on failure prints why (diagnostics or
    /// `error: …`) and answers nil.
    static func start(_ request: PlanRequest, context: CommandContext) async -> PlanningSession? {
        do throws(OperationError) {
            return try await Operations.plan(request, events: printing(to: context))
        } catch {
            DiagnosticPrinter(context: context).print(error)
            return nil
        }
    }

    /// Shows planning's events: warnings on stderr, nothing else.
    static func printing(to context: CommandContext) -> @Sendable (PlanningEvent) -> Void {
        { [console = context.console] event in
            if case .warning(let warning) = event { console.err("warning: \(warning)") }
        }
    }
}
