import ArgumentParser

/// `--account`: the managed account (ManagedAccountId) of manifest documents without `account:`,
/// for the commands that work on one account at a time (`plan`, `apply`, `run`). What it means
/// when absent is `DefaultAccount`'s (CanvasOperations).
struct AccountOption: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The managed account (ManagedAccountId) for manifest documents without 'account:' (default: $CANVAS_MANAGED_ACCOUNT_ID, else the keys' own account).",
        valueName: "ID"
    ))
    var account: String?
}
