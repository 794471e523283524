import ArgumentParser
import CanvasAPI

/// `--account`: the managed account (ManagedAccountId) of manifest documents without `account:`,
/// for the commands that work on one account at a time (`plan`, `apply`, `run`).
struct AccountOption: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The managed account (ManagedAccountId) for manifest documents without 'account:' (default: $CANVAS_MANAGED_ACCOUNT_ID, else the keys' own account).",
        valueName: "ID"
    ))
    var account: String?

    /// The account documents without `account:` manage: `--account`, else
    /// `CANVAS_MANAGED_ACCOUNT_ID`, else nil (the keys' own account).
    func defaultAccount(environment: [String: String]) throws(ConnectionError) -> CanvasID? {
        try Self.defaultAccount(account, environment: environment)
    }

    /// The account documents without `account:` manage: `account` (as `--account` gives it), else
    /// `CANVAS_MANAGED_ACCOUNT_ID`, else nil (the keys' own account).
    static func defaultAccount(_ account: String?, environment: [String: String]) throws(ConnectionError) -> CanvasID? {
        guard let text = account ?? environment["CANVAS_MANAGED_ACCOUNT_ID"].flatMap({ $0.isEmpty ? nil : $0 }) else { return nil }
        guard let id = CanvasID(text) else {
            throw ConnectionError("--account (or CANVAS_MANAGED_ACCOUNT_ID) must be a GUID such as be4f3f1e-0e6d-4f68-b8d8-546163c5dfad")
        }
        return id
    }
}
