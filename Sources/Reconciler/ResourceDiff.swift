/// Compares a desired resource with the current one and says what must happen: the reconciler's
/// diff, for any kind of resource.
///
/// Attributes are compared as values (maps as maps, whatever their key order). Those named in
/// `immutable` cannot change in place: a difference there makes the change a replace. A desired
/// attribute the current resource does not report (a write-only value) compares against what the
/// provider recorded in the state, which the caller passes as `current`.
public enum ResourceDiff {
    public static func change(desired: Resource?, current: Resource?, immutable: Set<String> = []) -> Change? {
        switch (desired, current) {
        case (nil, nil):
            return nil
        case (let desired?, nil):
            return Change(
                address: desired.address, action: .create,
                attributes: desired.attributes.keys.sorted().map { Change.AttributeChange(name: $0, before: nil, after: desired.attributes[$0]) },
                dependencies: desired.dependencies
            )
        case (nil, let current?):
            return Change(
                address: current.address, action: .delete, id: current.id,
                attributes: current.attributes.keys.sorted().map { Change.AttributeChange(name: $0, before: current.attributes[$0], after: nil) },
                dependencies: current.dependencies, reason: "no longer in the manifests"
            )
        case (let desired?, let current?) where desired.attributes == current.attributes:
            // Most resources of a plan: no attribute to list, and (the dependencies being the same
            // as a rule) no set of them to build.
            return Change(
                address: desired.address, action: .noop, id: current.id, attributes: [],
                dependencies: current.dependencies.isEmpty || current.dependencies == desired.dependencies
                    ? desired.dependencies : desired.dependencies.union(current.dependencies)
            )
        case (let desired?, let current?):
            var changes: [Change.AttributeChange] = []
            let names = Set(desired.attributes.keys).union(current.attributes.keys)
            for name in names.sorted() {
                let before = current.attributes[name]
                let after = desired.attributes[name]
                guard before != after else { continue }
                changes.append(Change.AttributeChange(name: name, before: before, after: after, forcesReplacement: immutable.contains(name)))
            }
            let forcing = changes.filter(\.forcesReplacement).map(\.name)
            let action: Change.Action = changes.isEmpty ? .noop : (forcing.isEmpty ? .update : .replace)
            return Change(
                address: desired.address, action: action, id: current.id, attributes: changes,
                dependencies: desired.dependencies.union(current.dependencies),
                reason: forcing.isEmpty ? nil : forcing.joined(separator: ", ") + " cannot change in place",
                unchangedAttributes: changes.isEmpty ? 0 : names.count - changes.count
            )
        }
    }
}
