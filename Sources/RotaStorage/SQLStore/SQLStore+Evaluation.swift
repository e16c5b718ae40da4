import Foundation
import RotaCore

/// Moving a run forward inside the transaction that changed it: trigger rules decide which
/// scheduled task instances become claimable (or are skipped), the leaves decide the run's state,
/// and a finished run frees a slot for the next queued run of its workflow.
///
/// Doing this in the same transaction as the change that caused it means a crash can never leave
/// a run whose upstream finished but whose downstream was never released.
extension SQLStore {
    /// Applies trigger rules to a running run; returns the run's new final state when it just ended.
    func evaluateRun(_ conn: any SQLConnection, runId: Int64, now: Date) async throws -> RunState? {
        let rows = try await conn.query("SELECT id, task_id, state, upstream, trigger_rule FROM task_instances WHERE run_id = ?",
                                        .int(runId))
        var ids: [String: Int64] = [:]
        var nodes: [DagNode] = []
        for row in rows {
            let taskId = row.text("task_id")
            ids[taskId] = row.int("id")
            nodes.append(DagNode(taskId, state: TaskState(rawValue: row.text("state")) ?? .scheduled,
                                 upstream: Self.splitList(row.text("upstream")),
                                 triggerRule: TriggerRule(rawValue: row.text("trigger_rule")) ?? .allSuccess))
        }
        let transitions = DagEvaluator.transitions(nodes)
        var final = nodes
        if let announce = db.dialect.announceWork, transitions.contains(where: { $0.to == .queued }) {
            _ = try await conn.query(announce, [])
        }
        for transition in transitions {
            guard let id = ids[transition.taskId] else { continue }
            let isFinal = transition.to.isFinal
            _ = try await conn.query("""
                UPDATE task_instances SET state = ?, ready_at = ?, finished_at = ? WHERE id = ? AND state = 'scheduled'
                """, [.text(transition.to.rawValue), SQLValue(now), isFinal ? SQLValue(now) : .null, .int(id)])
            if let index = final.firstIndex(where: { $0.taskId == transition.taskId }) { final[index].state = transition.to }
        }
        guard let state = DagEvaluator.runState(final) else { return nil }
        let changed = try await conn.query("""
            UPDATE runs SET state = ?, finished_at = ? WHERE id = ? AND state = 'running' RETURNING workflow
            """, .text(state.rawValue), SQLValue(now), .int(runId))
        guard let workflow = changed.first?.text("workflow") else { return nil }
        try await startQueuedRuns(conn, workflow: workflow, now: now)
        return state
    }

    /// Starts queued runs of `workflow` while it has fewer running runs than `max_active_runs`.
    func startQueuedRuns(_ conn: any SQLConnection, workflow: String, now: Date) async throws {
        guard let limitRow = try await conn.query("SELECT max_active_runs FROM workflows WHERE name = ?", .text(workflow)).first
        else { return }
        let limit = Int(limitRow.int("max_active_runs"))
        var room = Int.max
        if limit > 0 {
            let running = try await conn.query("SELECT COUNT(*) AS n FROM runs WHERE workflow = ? AND state = 'running'",
                                               .text(workflow)).first?.int("n") ?? 0
            room = limit - Int(running)
        }
        guard room > 0 else { return }
        let queued = try await conn.query("""
            SELECT id FROM runs WHERE workflow = ? AND state = 'queued' ORDER BY logical_date, id LIMIT ?
            """, .text(workflow), SQLValue(min(room, 1000)))
        for row in queued {
            let id = row.int("id")
            let started = try await conn.query("""
                UPDATE runs SET state = 'running', started_at = COALESCE(started_at, ?) WHERE id = ? AND state = 'queued' RETURNING id
                """, SQLValue(now), .int(id))
            if !started.isEmpty { _ = try await evaluateRun(conn, runId: id, now: now) }
        }
    }
}
