/// The dependency graph of a workflow's tasks: edges run from an upstream task to its dependents.
///
/// Shared by the run-time evaluation (`DagEvaluator.downstream`) and the file loader (cycles,
/// "is this task upstream of that one"), so both read the graph the same way. Upstream ids that
/// name no task are ignored here; the loader reports them separately.
public struct DagGraph: Sendable {
    /// Task ids in the order given.
    public let taskIds: [String]
    private let upstreamOf: [String: [String]]
    private let dependentsOf: [String: [String]]

    /// - Parameter tasks: each task's id and its direct upstream ids. For a repeated id the first
    ///   entry counts.
    public init(_ tasks: [(id: String, upstream: [String])]) {
        var ids: [String] = []
        var upstreamOf: [String: [String]] = [:]
        for task in tasks where upstreamOf[task.id] == nil {
            ids.append(task.id)
            upstreamOf[task.id] = task.upstream
        }
        var dependentsOf: [String: [String]] = [:]
        for id in ids {
            for up in upstreamOf[id] ?? [] where upstreamOf[up] != nil {
                dependentsOf[up, default: []].append(id)
            }
        }
        self.taskIds = ids
        self.upstreamOf = upstreamOf.mapValues { $0.filter { upstreamOf[$0] != nil } }
        self.dependentsOf = dependentsOf
    }

    /// Every task reachable by following dependents from `ids` (one step or more).
    public func descendants(of ids: some Sequence<String>) -> Set<String> {
        walk(from: ids, along: dependentsOf)
    }

    /// Every task `id` depends on, directly or through others.
    public func ancestors(of id: String) -> Set<String> {
        walk(from: [id], along: upstreamOf)
    }

    /// The first cycle found, as the path that closes it (`["a", "b", "c", "a"]`), or nil when the
    /// graph is acyclic. The search starts from tasks in the order given, so the answer is stable.
    public func firstCycle() -> [String]? {
        var color: [String: Int] = [:]  // missing = unvisited, 1 = on the current path, 2 = finished
        for start in taskIds where color[start] == nil {
            var path: [String] = [start]
            var iterators: [IndexingIterator<[String]>] = [(dependentsOf[start] ?? []).makeIterator()]
            color[start] = 1
            while !path.isEmpty {
                if let next = iterators[iterators.count - 1].next() {
                    switch color[next] {
                    case 1:
                        let from = path.firstIndex(of: next)!
                        return Array(path[from...]) + [next]
                    case 2:
                        continue
                    default:
                        color[next] = 1
                        path.append(next)
                        iterators.append((dependentsOf[next] ?? []).makeIterator())
                    }
                } else {
                    color[path.removeLast()] = 2
                    iterators.removeLast()
                }
            }
        }
        return nil
    }

    private func walk(from ids: some Sequence<String>, along edges: [String: [String]]) -> Set<String> {
        var seen = Set<String>()
        var stack = Array(ids)
        while let id = stack.popLast() {
            for next in edges[id] ?? [] where seen.insert(next).inserted {
                stack.append(next)
            }
        }
        return seen
    }
}
