/// Items by a deadline, soonest first: a binary min-heap, O(log n) to add or take one. Ties come out in no
/// particular order.
public struct DeadlineHeap<Item: Sendable>: Sendable {
    private var entries: [(deadline: Double, item: Item)] = []

    public init() {}

    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }

    /// The soonest deadline and its item.
    public var first: (deadline: Double, item: Item)? { entries.first }

    public mutating func push(_ item: Item, at deadline: Double) {
        entries.append((deadline, item))
        var child = entries.count - 1
        while child > 0 && entries[(child - 1) / 2].deadline > entries[child].deadline {
            entries.swapAt(child, (child - 1) / 2)
            child = (child - 1) / 2
        }
    }

    /// Takes the soonest item out.
    @discardableResult
    public mutating func removeFirst() -> (deadline: Double, item: Item)? {
        guard !entries.isEmpty else { return nil }
        entries.swapAt(0, entries.count - 1)
        let first = entries.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            var soonest = parent
            if left < entries.count && entries[left].deadline < entries[soonest].deadline { soonest = left }
            if left + 1 < entries.count && entries[left + 1].deadline < entries[soonest].deadline {
                soonest = left + 1
            }
            if soonest == parent { return first }
            entries.swapAt(parent, soonest)
            parent = soonest
        }
    }
}
