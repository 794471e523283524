public import CanvasAPI
public import Foundation

/// What an export is made from, as values: where the manifests go, which accounts, whether to
/// overwrite, the state and the connection. The command's options give one; so can any program.
public struct ExportRequest: Sendable {
    /// The directory to write into (`--out`), created when missing.
    public var directory: String
    /// The accounts to export (`--account`, each an id or `own`); empty for the default:
    /// `CANVAS_MANAGED_ACCOUNT_ID`, else the keys' own account.
    public var accounts: [String]
    /// Overwrite files an earlier export wrote, and drop the exported accounts' stale records.
    public var force: Bool
    /// `--state`, when given (else `canvasctl.state.json` in the directory).
    public var state: String?
    public var connection: ConnectionSettings
    /// The environment the credentials, the state and the read-back of the manifests read.
    public var environment: [String: String]
    /// The clock, for the date in the files' headers and the records' time of adoption.
    public var now: @Sendable () -> Date

    public init(
        directory: String, accounts: [String] = [], force: Bool = false, state: String? = nil,
        connection: ConnectionSettings = ConnectionSettings(), environment: [String: String], now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.directory = directory
        self.accounts = accounts
        self.force = force
        self.state = state
        self.connection = connection
        self.environment = environment
        self.now = now
    }

    /// The directory without a trailing `/`.
    public var trimmedDirectory: String {
        directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
    }

    /// The state the export records its adoptions in.
    public var statePath: String { state ?? trimmedDirectory + "/canvasctl.state.json" }

    /// The accounts to export, each once: nil stands for the keys' own account. Throws when the
    /// default comes from a `CANVAS_MANAGED_ACCOUNT_ID` that is not an id.
    public func chosenAccounts() throws(OperationError) -> [CanvasID?] {
        if let managed = environment["CANVAS_MANAGED_ACCOUNT_ID"], !managed.isEmpty, accounts.isEmpty, CanvasID(managed) == nil {
            throw .failed("CANVAS_MANAGED_ACCOUNT_ID must be a GUID such as be4f3f1e-0e6d-4f68-b8d8-546163c5dfad")
        }
        var chosen: [CanvasID?] = []
        let given = accounts.isEmpty ? [environment["CANVAS_MANAGED_ACCOUNT_ID"].flatMap { $0.isEmpty ? nil : $0 } ?? "own"] : accounts
        for text in given {
            let id = text == "own" ? nil : CanvasID(text)
            if !chosen.contains(id) { chosen.append(id) }
        }
        return chosen
    }
}
