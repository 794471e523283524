import Manifest

/// The one line `validate` prints for a valid set.
struct ValidationSummary {
    let set: ManifestSet

    var line: String {
        func count(_ number: Int, _ noun: String) -> String {
            "\(number) \(noun)\(number == 1 ? "" : "s")"
        }
        return "Valid: " + [
            count(set.files.count, "file"),
            count(set.documentCount, "document"),
            count(set.accounts.count, "account"),
            count(set.applications.count, "application"),
            count(set.workflows.count, "workflow"),
        ].joined(separator: ", ") + "."
    }
}
