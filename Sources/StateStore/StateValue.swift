public import JSONSupport

/// A JSON value, as the state keeps the last applied inputs of a resource: the same ``JSONValue``
/// the API client reads, under the state's own name.
///
/// The store cannot tell a secret from any other string: a caller puts only non-secret inputs into
/// ``StateRecord/attributes`` and keeps secrets as keyed fingerprints (``Fingerprinter``).
public typealias StateValue = JSONValue
