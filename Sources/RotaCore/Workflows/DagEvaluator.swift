/// The pure decisions of a workflow run: which waiting tasks start, skip or fail now, and when the
/// run as a whole is finished.
///
/// The Store calls `transitions(_:)` inside the transaction that finishes a task instance (and when
/// it creates a run), with every task instance of that run. Nothing here reads a clock or a
/// database, so every trigger rule and every cascade is testable as a table.
public enum DagEvaluator {
    /// The transitions to apply now: `scheduled` task instances whose rule is met become `queued`;
    /// those whose rule can no longer be met become `skipped` or `upstream_failed` (Airflow's
    /// trigger_rule_dep). Decisions are applied to a working copy until nothing changes, so a skip
    /// or an upstream_failed cascades down the whole graph in one call. The result is in the order
    /// of `nodes`, at most one transition per task instance.
    ///
    /// Upstream ids that name no node, or a `removed` node, are ignored (the task left the
    /// workflow). Task ids are expected to be unique; for a repeated id the first node counts.
    public static func transitions(_ nodes: [DagNode]) -> [DagTransition] {
        var index: [String: Int] = [:]
        for (i, node) in nodes.enumerated() where index[node.taskId] == nil { index[node.taskId] = i }
        var dependents = [[Int]](repeating: [], count: nodes.count)
        for (i, node) in nodes.enumerated() {
            for id in Set(node.upstream) {
                if let u = index[id], u != i { dependents[u].append(i) }
            }
        }
        var states = nodes.map(\.state)
        var decided = [TaskState?](repeating: nil, count: nodes.count)
        var queue = Array(nodes.indices.filter { states[$0] == .scheduled })
        var head = 0
        while head < queue.count {
            let i = queue[head]
            head += 1
            guard states[i] == .scheduled else { continue }
            let upstreamStates = Set(nodes[i].upstream).compactMap { id in index[id].map { states[$0] } }
            guard let next = nodes[i].triggerRule.decide(UpstreamTally(states: upstreamStates)).targetState else {
                continue
            }
            states[i] = next
            decided[i] = next
            if next.isFinal {
                queue.append(contentsOf: dependents[i].filter { states[$0] == .scheduled })
            }
        }
        return nodes.indices.compactMap { i in
            decided[i].map { DagTransition(nodes[i].taskId, from: nodes[i].state, to: $0) }
        }
    }

    /// The run's final state, or nil while any task instance is not final.
    ///
    /// As in Airflow, only the leaves (tasks no other task depends on) decide: the run failed if a
    /// leaf is `failed` or `upstream_failed`, and succeeded otherwise (leaves `success` or
    /// `skipped`). A leaf with `all_done` can therefore make a run succeed although a task before
    /// it failed. `removed` task instances take no part. A run with no tasks succeeds.
    public static func runState(_ nodes: [DagNode]) -> RunState? {
        let live = nodes.filter { $0.state != .removed }
        guard live.allSatisfy(\.state.isFinal) else { return nil }
        let hasDependents = Set(live.flatMap(\.upstream))
        let leaves = live.filter { !hasDependents.contains($0.taskId) }
        return leaves.contains { $0.state == .failed || $0.state == .upstreamFailed } ? .failed : .success
    }

    /// Every task that depends, directly or through others, on one of `taskIds`: what "clear with
    /// downstream" clears besides the tasks themselves. A given id is in the result only when it
    /// depends on another given id.
    public static func downstream(of taskIds: some Sequence<String>, in nodes: [DagNode]) -> Set<String> {
        DagGraph(nodes.map { ($0.taskId, $0.upstream) }).descendants(of: taskIds)
    }
}
