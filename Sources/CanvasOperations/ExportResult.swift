public import CanvasProvider

/// What an export wrote and adopted, as a value: the command prints its summary from it (files,
/// placeholders to set, workflows to review, what was left out, warnings).
public struct ExportResult: Sendable {
    /// The manifests made, with their placeholders, reviews, skipped resources and warnings.
    public var export: ManifestExport
    /// The paths written, one per exported account, in the order of the accounts.
    public var files: [String]
    /// The state the adoptions were recorded in.
    public var statePath: String
    /// How many resources were adopted.
    public var adopted: Int
    /// How many accounts were exported.
    public var accounts: Int

    public init(export: ManifestExport, files: [String], statePath: String, adopted: Int, accounts: Int) {
        self.export = export
        self.files = files
        self.statePath = statePath
        self.adopted = adopted
        self.accounts = accounts
    }
}
