import CanvasOperations
import CanvasProvider
import Reconciler

/// How the commands show a planning session: its plan's renderer and the events of planning.
extension PlanningSession {
    /// The renderer for this session's plan, with each switched-on schedule's next fire times, in
    /// colour on a terminal.
    func renderer(context: CommandContext, compact: Bool) -> PlanRenderer {
        PlanRenderer(
            notes: ScheduleForecast().notes(for: plan, desired: desired, now: context.now()), compact: compact,
            colour: TerminalStyle(console: context.console, stream: .output, environment: context.environment).enabled,
            operationKinds: CanvasPlanner.operationKinds
        )
    }

    /// Shows planning's events as the commands always have: warnings on stderr, nothing else.
    static func printing(to context: CommandContext) -> @Sendable (PlanningEvent) -> Void {
        { [console = context.console] event in
            if case .warning(let warning) = event { console.err("warning: \(warning)") }
        }
    }
}
