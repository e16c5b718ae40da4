import Foundation

/// A min-heap of (instant, job) pairs: the cron timer looks at the top only, so adding, firing
/// and rescheduling cost O(log n) however many jobs there are (no scan, no polling loop).
struct FireHeap {
    struct Entry {
        var at: Date
        var job: String
        /// Entries of a job whose generation moved on are stale and skipped (lazy deletion).
        var generation: Int
    }

    private var items: [Entry] = []

    var isEmpty: Bool { items.isEmpty }
    var count: Int { items.count }
    var top: Entry? { items.first }

    mutating func push(_ entry: Entry) {
        items.append(entry)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            if items[parent].at <= items[child].at { break }
            items.swapAt(parent, child)
            child = parent
        }
    }

    @discardableResult
    mutating func pop() -> Entry? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let last = items.removeLast()
        var parent = 0
        while true {
            let left = parent * 2 + 1
            let right = left + 1
            var smallest = parent
            if left < items.count, items[left].at < items[smallest].at { smallest = left }
            if right < items.count, items[right].at < items[smallest].at { smallest = right }
            if smallest == parent { break }
            items.swapAt(parent, smallest)
            parent = smallest
        }
        return last
    }

    mutating func removeAll() { items.removeAll() }
}
