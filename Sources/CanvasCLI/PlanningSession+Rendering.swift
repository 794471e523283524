import CanvasOperations
import CanvasProvider
import Reconciler

/// How the commands show a planning session: its plan's renderer and the events of planning.
extension PlanningSession {
    /// The renderer for the plan: the next fire times of each enabled schedule under it, and
    /// colour when the output is a terminal.
    func renderer(context: CommandContext, compact: Bool) -> PlanRenderer {
        PlanRenderer(
            notes: ScheduleForecast().notes(for: plan, desired: desired, now: context.now()), compact: compact,
            colour: TerminalStyle(console: context.console, stream: .output, environment: context.environment).enabled,
            operationKinds: CanvasPlanner.operationKinds
        )
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
