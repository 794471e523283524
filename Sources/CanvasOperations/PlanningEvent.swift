/// What planning reports while it runs, in the order it happens, for the caller to show; planning
/// itself prints nothing.
public enum PlanningEvent: Sendable, Equatable {
    /// Something a person should know about the run that does not stop it (such as fingerprints
    /// keyed with a short-lived token), shown as `warning: …`.
    case warning(String)
    /// The manifests loaded, with this many workflows.
    case manifestsLoaded(workflows: Int)
    /// The live state of these accounts was read (nil: the keys' own account).
    case accountsRead([String?])
}
