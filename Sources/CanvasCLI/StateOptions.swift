import ArgumentParser
import CanvasOperations
import StateStore

/// Where the state is, for the commands that work on the state alone (`state`, `run`): a manifest
/// PATH (the state beside it, as `plan` finds it) or `--state FILE|URL`, else `CANVAS_STATE`, else
/// `canvasctl.state.json` in the current directory. (Plain `http://` states are allowed to this
/// machine only here: these commands take no `--allow-insecure-http`.)
struct StateOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The state: a file, a postgres:// URL, or an http(s):// address of Terraform's HTTP state protocol (default: $CANVAS_STATE, else canvasctl.state.json beside PATH or here).", valueName: "FILE|URL"))
    var state: String?

    func path(manifestPath: String?, environment: [String: String]) -> String {
        PlanRequest.statePath(state, paths: manifestPath.map { [$0] } ?? [], environment: environment)
    }

    func backend(manifestPath: String?, environment: [String: String]) throws(StateError) -> any StateBackend {
        try StateLocation.backend(for: path(manifestPath: manifestPath, environment: environment), environment: environment, allowInsecureHTTP: false)
    }
}
