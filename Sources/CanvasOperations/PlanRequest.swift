import Foundation
public import Reconciler

/// What a plan is made from, as values: the command's arguments and options give one, and so does a
/// saved plan (``SavedPlan/request(path:endpointOption:stateOption:environment:)``), so that
/// `apply --plan` plans from the plan's own inputs without parsing anything again.
public struct PlanRequest: Sendable {
    public var paths: [String]
    public var inputs: ManifestInputs
    public var connection: ConnectionSettings
    /// `--account`, when given.
    public var account: String?
    /// `--state`, when given.
    public var state: String?
    /// The command the state's lock names, such as `canvasctl plan`.
    public var command: String
    /// How long to wait for the state's lock (`--lock-timeout`).
    public var lockTimeout: Duration
    /// The environment the manifests, the credentials and the state read.
    public var environment: [String: String]
    /// Checked once connected and before anything is sent: a sentence for `error: …` refuses
    /// the connection (as `apply --plan` does for a plan file whose authentication code does
    /// not match the keys).
    public var admit: (@Sendable (Connection) -> String?)?
    /// `--target`: the resources a partial plan is narrowed to (``PlanTargeting``); empty for all.
    public var targets: [ResourceAddress]
    /// `--max-destroy`: more deletes than this are flagged (``DestroyGuard``); nil for no limit.
    public var maxDestroy: Int?

    public init(
        paths: [String], inputs: ManifestInputs = ManifestInputs(), connection: ConnectionSettings = ConnectionSettings(),
        account: String? = nil, state: String? = nil, command: String, lockTimeout: Duration = .zero,
        environment: [String: String], targets: [ResourceAddress] = [], maxDestroy: Int? = nil,
        admit: (@Sendable (Connection) -> String?)? = nil
    ) {
        self.targets = targets
        self.maxDestroy = maxDestroy
        self.paths = paths
        self.inputs = inputs
        self.connection = connection
        self.account = account
        self.state = state
        self.command = command
        self.lockTimeout = lockTimeout
        self.environment = environment
        self.admit = admit
    }

    /// The state this request opens (``statePath(_:paths:environment:)``).
    public var statePath: String {
        Self.statePath(state, paths: paths, environment: environment)
    }

    /// The state: `--state`, else `CANVAS_STATE`, else `canvasctl.state.json` beside the first
    /// manifest path (inside it when it is a directory).
    public static func statePath(_ option: String?, paths: [String], environment: [String: String]) -> String {
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
}
