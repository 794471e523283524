/// A value held once and shared by reference.
///
/// A workflow template is a struct of a dozen strings and more: each copy of it retains every one
/// of them. The resolver hands the template to each of the (often 10,000) workflows that use it;
/// shared this way, a copy retains one reference.
final class SharedValue<Value: Sendable>: Sendable {
    let value: Value

    init(_ value: Value) {
        self.value = value
    }
}
