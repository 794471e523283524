/// A first-in first-out queue, taken from `head` on: the taken prefix is dropped now and then,
/// since removing the first element each time would make a plan of 10,000 steps quadratic.
struct FIFO<Element> {
    private var items: [Element]
    private var head = 0

    init(_ items: [Element] = []) {
        self.items = items
    }

    var isEmpty: Bool { head == items.count }
    var first: Element? { isEmpty ? nil : items[head] }

    mutating func append(_ item: Element) {
        items.append(item)
    }

    mutating func popFirst() -> Element? {
        guard !isEmpty else { return nil }
        let item = items[head]
        head += 1
        if head > 4096, head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        return item
    }
}
