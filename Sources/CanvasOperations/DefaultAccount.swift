public import CanvasAPI

/// The managed account (ManagedAccountId) of manifest documents without `account:`: `plan`,
/// `apply` and `run` choose it the same way, from `--account` or the environment, so the rule
/// lives once, beside the connection.
public enum DefaultAccount {
    /// `account` (as `--account` gives it), else `CANVAS_MANAGED_ACCOUNT_ID`, else nil (the keys'
    /// own account).
    public static func resolve(_ account: String?, environment: [String: String]) throws(ConnectionError) -> CanvasID? {
        guard let text = account ?? environment["CANVAS_MANAGED_ACCOUNT_ID"].flatMap({ $0.isEmpty ? nil : $0 }) else { return nil }
        guard let id = CanvasID(text) else {
            throw ConnectionError("--account (or CANVAS_MANAGED_ACCOUNT_ID) must be a GUID such as be4f3f1e-0e6d-4f68-b8d8-546163c5dfad")
        }
        return id
    }
}
