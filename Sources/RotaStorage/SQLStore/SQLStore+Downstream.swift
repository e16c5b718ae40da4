import Foundation
import RotaCore

/// Incremental readiness: after a task instance reaches a final state, only the scheduled task
/// instances that wait on it are evaluated, each against a tally of its upstreams' states (one
/// grouped query), instead of re-reading and re-evaluating the whole run. The whole run is read
/// once more only when its last task instance ends, to decide its state from its leaves.
///
/// Measured by bench/ before this change: the full re-evaluation cost 2.5 ms of CPU per task in a
/// 1,000-task run and 21 ms per task in a 10,000-task run (O(n) per finish, O(n²) per run).
extension SQLStore {
    /// The states that are not final, as an SQL list: `IN` (unlike `NOT IN`) is served by the
    /// (run_id, state) index.
    static let openStates = "(" + TaskState.allCases.filter { !$0.isFinal }.map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")"

    func evaluateDownstream(_ conn: any SQLConnection, runId: Int64, finished taskId: String, now: Date) async throws -> RunState? {
        // Finishes within one run are serialised on the run's row. Under PostgreSQL's READ
        // COMMITTED two tasks finishing at once would each still see the other running, so neither
        // would release a downstream they share, nor end the run. Waiting for this lock means the
        // statements below see the other finish committed. (SQLite's single writer already
        // serialises them.)
        if !db.dialect.rowLocking.isEmpty {
            _ = try await conn.query("SELECT id FROM runs WHERE id = ? \(db.dialect.rowLocking)", .int(runId))
        }
        let waiting = try await conn.query(
            "SELECT id, task_id, upstream, trigger_rule FROM task_instances WHERE run_id = ? AND state = 'scheduled'", .int(runId))
        var scheduled: [String: (id: Int64, upstream: [String], rule: TriggerRule)] = [:]
        for row in waiting {
            scheduled[row.text("task_id")] = (row.int("id"), Self.splitList(row.text("upstream")),
                                               TriggerRule(rawValue: row.text("trigger_rule")) ?? .allSuccess)
        }
        var worklist = [taskId]
        var released = false
        while let done = worklist.popLast() {
            for (candidate, entry) in scheduled where entry.upstream.contains(done) {
                guard let decision = try await decide(conn, runId: runId, taskId: candidate, upstream: entry.upstream, rule: entry.rule)
                else { continue }
                _ = try await conn.query("""
                    UPDATE task_instances SET state = ?, ready_at = ?, finished_at = ? WHERE id = ? AND state = 'scheduled'
                    """, [.text(decision.rawValue), SQLValue(now), decision.isFinal ? SQLValue(now) : .null, .int(entry.id)])
                scheduled.removeValue(forKey: candidate)
                if decision.isFinal { worklist.append(candidate) }
                if decision == .queued { released = true }
            }
        }
        if released, let announce = db.dialect.announceWork { _ = try await conn.query(announce, []) }
        // Whether one is open, not how many: one probe of the (run_id, state) index.
        let open = try await conn.query("SELECT 1 AS n FROM task_instances WHERE run_id = ? AND state IN \(Self.openStates) LIMIT 1",
                                        .int(runId))
        guard open.isEmpty else { return nil }
        return try await evaluateRun(conn, runId: runId, now: now)
    }

    /// The trigger rule's decision for one scheduled task instance, from a tally of its upstreams'
    /// states (the pure `DagEvaluator` decides, on stand-in upstream nodes with those states).
    private func decide(_ conn: any SQLConnection, runId: Int64, taskId: String, upstream: [String],
                        rule: TriggerRule) async throws -> TaskState? {
        let ids = Array(Set(upstream))
        let marks = ids.map { _ in "?" }.joined(separator: ", ")
        let tally = try await conn.query("""
            SELECT state, COUNT(*) AS n FROM task_instances WHERE run_id = ? AND task_id IN (\(marks)) GROUP BY state
            """, [.int(runId)] + ids.map { .text($0) })
        // Trigger rules ask only whether all, any or none of the upstreams are in a state, never
        // how many: one stand-in per state present decides exactly as the full list would.
        var present: Set<TaskState> = []
        for row in tally where row.int("n") > 0 {
            let state = TaskState(rawValue: row.text("state")) ?? .running
            present.insert(state.isFinal ? state : .running)  // waiting or running: undecided, not releasable
        }
        var nodes: [DagNode] = []
        var standIns: [String] = []
        for state in present {
            let id = "\u{1}\(state.rawValue)"
            standIns.append(id)
            nodes.append(DagNode(id, state: state))
        }
        nodes.append(DagNode(taskId, state: .scheduled, upstream: standIns, triggerRule: rule))
        return DagEvaluator.transitions(nodes).first { $0.taskId == taskId }?.to
    }
}
