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
        ].joined(separator: ", ") + "." + unread
    }

    /// What the notes above the line were about, when there were any.
    private var unread: String {
        let count = set.missingSecrets.count
        return count == 0 ? "" : " \(count) secret\(count == 1 ? " was" : "s were") not read (see the notes)."
    }
}
