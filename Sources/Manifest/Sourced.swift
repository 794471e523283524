public import YAML

/// A value read from a manifest, with where it was written and whether it is a secret.
///
/// Sensitivity travels with the value: anything that came from `${env:}` or `${file:}`, or that is a
/// credential, is sensitive, and plans, logs and errors show it only as `(sensitive)`. Equality
/// compares the value and its sensitivity, not its place.
public struct Sourced<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    public var location: Mark
    public var isSensitive: Bool

    public init(_ value: Value, at location: Mark, isSensitive: Bool = false) {
        self.value = value
        self.location = location
        self.isSensitive = isSensitive
    }

    public static func == (lhs: Sourced, rhs: Sourced) -> Bool {
        lhs.value == rhs.value && lhs.isSensitive == rhs.isSensitive
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(value)
        hasher.combine(isSensitive)
    }
}

/// A sensitive value prints as `(sensitive)`, so that string interpolation, `print` or `dump` of a
/// spec can never show a secret.
extension Sourced: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        isSensitive ? "(sensitive)" : String(describing: value)
    }

    public var debugDescription: String {
        "Sourced(\(isSensitive ? "(sensitive)" : String(reflecting: value)) at \(location))"
    }

    public var customMirror: Mirror {
        Mirror(self, children: [
            "value": isSensitive ? "(sensitive)" as Any : value as Any,
            "location": location,
            "isSensitive": isSensitive,
        ])
    }
}
