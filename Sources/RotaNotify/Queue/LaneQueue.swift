/// A FIFO of deliveries for one target whose front can be popped in O(1).
///
/// Not `Array.removeFirst` (O(n) per pop: draining a full 10,000-entry queue would move
/// gigabytes) and not swift-collections' `Deque`, to keep RotaNotify's dependencies to what
/// Rota already has. Removing near the front shifts only the elements before the removed one,
/// and those are few: deliveries waiting for a retry.
struct LaneQueue {
    private var storage: [Delivery] = []
    private var head = 0

    var count: Int { storage.count - head }
    var isEmpty: Bool { count == 0 }

    subscript(position: Int) -> Delivery {
        get { storage[head + position] }
        set { storage[head + position] = newValue }
    }

    mutating func append(_ delivery: Delivery) {
        storage.append(delivery)
    }

    /// The position of the delivery with `id`, searched from the front.
    func position(of id: UInt64) -> Int? {
        (head..<storage.count).first { storage[$0].id == id }.map { $0 - head }
    }

    @discardableResult
    mutating func remove(at position: Int) -> Delivery {
        var index = head + position
        let removed = storage[index]
        while index > head {
            storage[index] = storage[index - 1]
            index -= 1
        }
        head += 1
        if head == storage.count {
            storage.removeAll(keepingCapacity: storage.count <= 1024)
            head = 0
        } else if head >= 64 && head * 2 >= storage.count {
            storage.removeFirst(head)
            head = 0
        }
        return removed
    }
}
