import ArgumentParser

/// Where the state file is, for the commands that work on the state alone (`state`, `run`): a
/// manifest PATH (the state beside it, as `plan` finds it) or `--state FILE`, else `CANVAS_STATE`,
/// else `canvasctl.state.json` in the current directory.
struct StateOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The state file (default: $CANVAS_STATE, else canvasctl.state.json beside PATH or here).", valueName: "FILE"))
    var state: String?

    func path(manifestPath: String?, environment: [String: String]) -> String {
        PlanningSession.statePath(state, paths: manifestPath.map { [$0] } ?? [], environment: environment)
    }
}
