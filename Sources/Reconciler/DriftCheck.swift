/// Tells drift from a new manifest change: a change whose live value is not the value last
/// applied (as the provider's state recorded it) undoes something done in the provider by hand.
///
/// A scheduled `plan --detailed-exitcode` fails on any change; drift marks say which changes a
/// person should ask about ("who changed this in Canvas?") rather than review as a manifest edit.
/// Attributes the state does not record (secrets, values it cannot read back) are never drift.
public enum DriftCheck {
    /// `change` with its drifted attributes marked, and ``Change/drift`` set when there are any.
    ///
    /// - Parameters:
    ///   - current: the live resource as compared (nil when there is none).
    ///   - lastApplied: the attributes the state recorded at the last apply; nil when the state
    ///     has no record of the resource (then nothing can be drift).
    ///   - provider: the provider's name for people ("Canvas").
    public static func mark(_ change: Change, current: Resource?, lastApplied: [String: AttributeValue]?, provider: String) -> Change {
        guard let lastApplied else { return change }
        var marked = change
        switch change.action {
        case .create where current == nil:
            marked.drift = "deleted in \(provider) since the last apply"
        case .update, .replace:
            guard let current else { return change }
            for index in marked.attributes.indices {
                let name = marked.attributes[index].name
                guard let recorded = lastApplied[name] else { continue }
                if current.attributes[name] != recorded { marked.attributes[index].drifted = true }
            }
            if marked.attributes.contains(where: \.drifted) {
                marked.drift = "changed in \(provider) since the last apply"
            }
        case .create, .delete, .noop:
            break
        }
        return marked
    }
}
