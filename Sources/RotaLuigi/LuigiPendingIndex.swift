/// PENDING tasks in luigi's rank order: highest priority first, then earliest seen, then id.
///
/// luigid copies and sorts every candidate on each `get_work` (O(P log P) per call); this keeps
/// the order as tasks change (O(log P) search plus a move per change), so `get_work` walks it and
/// usually stops at the first few entries.
struct LuigiPendingIndex {
    struct Key: Comparable {
        var priority: Double
        var time: Double
        var id: String

        static func < (a: Key, b: Key) -> Bool {
            if a.priority != b.priority { return a.priority > b.priority }
            if a.time != b.time { return a.time < b.time }
            return a.id < b.id
        }
    }

    private(set) var keys: [Key] = []
    private var byId: [String: Key] = [:]

    var count: Int { keys.count }
    var ids: some Sequence<String> { keys.lazy.map(\.id) }

    mutating func insert(_ task: LuigiTask) {
        remove(task.id)
        let key = Key(priority: task.priority, time: task.time, id: task.id)
        keys.insert(key, at: position(of: key))
        byId[task.id] = key
    }

    mutating func remove(_ id: String) {
        guard let key = byId.removeValue(forKey: id) else { return }
        let index = position(of: key)
        if index < keys.count, keys[index] == key { keys.remove(at: index) }
    }

    func contains(_ id: String) -> Bool { byId[id] != nil }

    /// The first index whose key is not less than `key` (binary search).
    private func position(of key: Key) -> Int {
        var low = 0
        var high = keys.count
        while low < high {
            let mid = (low + high) / 2
            if keys[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
