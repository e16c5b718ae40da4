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
        try await lockRun(conn, runId: runId)
        let rows = try await conn.query("""
            SELECT id, task_id, state, upstream, trigger_rule, open_upstreams FROM task_instances WHERE run_id = ?
            """, .int(runId))
        var ids: [String: Int64] = [:]
        var counted: [String: Int64] = [:]
        var nodes: [DagNode] = []
        for row in rows {
            let taskId = row.text("task_id")
            ids[taskId] = row.int("id")
            counted[taskId] = row.int("open_upstreams")
            nodes.append(DagNode(taskId, state: TaskState(rawValue: row.text("state")) ?? .scheduled,
                                 upstream: Self.splitList(row.text("upstream")),
                                 triggerRule: TriggerRule(rawValue: row.text("trigger_rule")) ?? .allSuccess))
        }
        let transitions = DagEvaluator.transitions(nodes)
        var final = nodes
        var positions: [String: Int] = [:]  // (a search per transition made a 10,000-task start O(n²))
        for (position, node) in nodes.enumerated() where positions[node.taskId] == nil { positions[node.taskId] = position }
        if let announce = db.dialect.announceWork, transitions.contains(where: { $0.to == .queued }) {
            _ = try await conn.query(announce, [])
        }
        // One UPDATE per target state (a 10,000-task run starts with 10,000 releases).
        var byState: [TaskState: [Int64]] = [:]
        for transition in transitions {
            guard let id = ids[transition.taskId] else { continue }
            byState[transition.to, default: []].append(id)
            if let index = positions[transition.taskId] { final[index].state = transition.to }
        }
        for (state, stateIds) in byState.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            for slice in stateIds.chunks(of: 5_000) {
                _ = try await conn.query("""
                    UPDATE task_instances SET state = ?, ready_at = ?, finished_at = ?
                    WHERE id IN (\(Self.marks(slice.count))) AND state = 'scheduled'
                    """, [.text(state.rawValue), SQLValue(now), state.isFinal ? SQLValue(now) : .null] + slice.map { .int($0) })
            }
        }
        try await recountOpenUpstreams(conn, final, ids: ids, counted: counted)
        guard let state = DagEvaluator.runState(final) else { return nil }
        let changed = try await conn.query("""
            UPDATE runs SET state = ?, finished_at = ? WHERE id = ? AND state = 'running' RETURNING workflow
            """, .text(state.rawValue), SQLValue(now), .int(runId))
        guard let workflow = changed.first?.text("workflow") else { return nil }
        try await startQueuedRuns(conn, workflow: workflow, now: now)
        return state
    }

    /// Writes the exact number of open upstreams of every waiting task instance whose stored
    /// count differs, so the finishes that follow can count down (see `releaseDownstream`). This
    /// full pass runs after every change that is not a worker's finish (a run starting, a clear,
    /// a mark), which is what keeps the stored counts from ever being too high.
    private func recountOpenUpstreams(_ conn: any SQLConnection, _ nodes: [DagNode], ids: [String: Int64],
                                      counted: [String: Int64]) async throws {
        var states: [String: TaskState] = [:]
        for node in nodes where states[node.taskId] == nil { states[node.taskId] = node.state }
        var byCount: [Int: [Int64]] = [:]
        for node in nodes where node.state == .scheduled {
            let open = Set(node.upstream).filter { $0 != node.taskId && states[$0].map { !$0.isFinal } ?? false }.count
            guard let id = ids[node.taskId], counted[node.taskId] != Int64(open) else { continue }
            byCount[open, default: []].append(id)
        }
        for (open, countIds) in byCount.sorted(by: { $0.key < $1.key }) {
            for slice in countIds.chunks(of: 5_000) {
                _ = try await conn.query("UPDATE task_instances SET open_upstreams = ? WHERE id IN (\(Self.marks(slice.count)))",
                                         [SQLValue(open)] + slice.map { .int($0) })
            }
        }
    }

    /// Changes to one run's task instances are serialised on the run's row. Under PostgreSQL's
    /// READ COMMITTED two tasks finishing at once would each still see the other running, so
    /// neither would release a downstream they share, nor end the run; and a recount racing a
    /// finish could store a count that is one too high. Waiting for this lock means what follows
    /// sees the other change committed. (SQLite's single writer already serialises them.)
    func lockRun(_ conn: any SQLConnection, runId: Int64) async throws {
        try await lockRuns(conn, [runId])
    }

    /// `lockRun` for several runs at once, in id order (two transactions locking overlapping sets
    /// cannot deadlock), in one statement.
    func lockRuns(_ conn: any SQLConnection, _ ids: [Int64]) async throws {
        guard !db.dialect.rowLocking.isEmpty, !ids.isEmpty else { return }
        _ = try await conn.query("SELECT id FROM runs WHERE id IN (\(Self.marks(ids.count))) ORDER BY id \(db.dialect.rowLocking)",
                                 ids.sorted().map { .int($0) })
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
