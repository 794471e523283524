/// A value held once and shared by reference.
///
/// A live workflow or a workflow template is a struct of a dozen strings: each copy of it retains
/// every one of them. The planner and the resolver hand such values to each of 10,000 workflows;
/// shared this way, a copy retains one reference.
final class SharedValue<Value: Sendable>: Sendable {
    let value: Value

    init(_ value: Value) {
        self.value = value
    }
}
