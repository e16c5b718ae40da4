import Foundation
import RotaCore

extension SQLStore {
    public func taskClaim(_ p: TaskClaimParams) async throws -> [ClaimedTask] {
        let locking = db.dialect.claimLocking
        return try await db.write { conn in
            let rows = try await conn.query("""
                UPDATE task_instances SET state = 'running', try_number = try_number + 1, node = ?, started_at = ?
                WHERE id IN (
                    SELECT id FROM task_instances
                    WHERE state IN ('queued', 'up_for_retry') AND ready_at <= ?
                    ORDER BY priority DESC, ready_at, id
                    LIMIT ? \(locking))
                RETURNING *
                """, [.text(p.node), SQLValue(p.now), SQLValue(p.now), SQLValue(p.limit)])
            var claimed: [ClaimedTask] = []
            for row in rows {
                let task = try Self.taskInstance(row)
                let attempt = try await conn.query("""
                    INSERT INTO attempts (task_instance_id, run_id, workflow, task_id, attempt, node, state, started_at)
                    VALUES (?, ?, ?, ?, ?, ?, 'running', ?) RETURNING id
                    """, [.int(task.id), .int(task.runId), .text(task.workflow), .text(task.taskId),
                          SQLValue(task.tryNumber), .text(p.node), SQLValue(p.now)])
                guard let attemptId = attempt.first?.int("id") else { throw StoreError("attempt insert returned no id") }
                _ = try await conn.query("""
                    UPDATE runs SET state = 'running', started_at = COALESCE(started_at, ?) WHERE id = ? AND state = 'queued'
                    """, SQLValue(p.now), .int(task.runId))
                _ = try await conn.query("UPDATE workflows SET status = 'running' WHERE name = ?", .text(task.workflow))
                claimed.append(ClaimedTask(task: task, attemptId: attemptId, startedAt: p.now))
            }
            return claimed
        }
    }

    public func taskFinish(_ p: TaskFinishParams) async throws -> TaskFinishOutcome? {
        try await db.write { conn in
            try await self.finish(conn, taskInstanceId: p.taskInstanceId, attemptId: p.attemptId, tryNumber: p.tryNumber,
                                  succeeded: p.succeeded, exitCode: p.exitCode, output: p.output,
                                  truncated: p.outputTruncated, reason: p.reason, now: p.now)
        }
    }

    public func taskCountClaimable() async throws -> Int {
        try await db.read { conn in
            Int(try await conn.query("""
                SELECT COUNT(*) AS n FROM task_instances WHERE state IN ('queued', 'up_for_retry')
                """, []).first?.int("n") ?? 0)
        }
    }

    public func taskNextReadyAt() async throws -> Date? {
        try await db.read { conn in
            try await conn.query("""
                SELECT MIN(ready_at) AS ready_at FROM task_instances WHERE state IN ('queued', 'up_for_retry')
                """, []).first?.optionalDate("ready_at")
        }
    }

    public func taskRecoverRunning(node: String?, reason: String, now: Date) async throws -> [TaskFinishOutcome] {
        try await db.write { conn in
            var sql = """
                SELECT ti.id, ti.try_number, a.id AS attempt_id FROM task_instances ti
                JOIN attempts a ON a.task_instance_id = ti.id AND a.attempt = ti.try_number
                WHERE ti.state = 'running'
                """
            var binds: [SQLValue] = []
            if let node {
                sql += " AND ti.node = ?"
                binds.append(.text(node))
            }
            var outcomes: [TaskFinishOutcome] = []
            for row in try await conn.query(sql + " ORDER BY ti.id", binds) {
                if let outcome = try await self.finish(conn, taskInstanceId: row.int("id"), attemptId: row.int("attempt_id"),
                                                       tryNumber: Int(row.int("try_number")), succeeded: false, exitCode: nil,
                                                       output: nil, truncated: nil, reason: reason, now: now) {
                    outcomes.append(outcome)
                }
            }
            return outcomes
        }
    }

    /// The guarded end of an attempt, shared by workers' reports and crash recovery.
    /// `output == nil` keeps what was streamed so far.
    private func finish(_ conn: any SQLConnection, taskInstanceId: Int64, attemptId: Int64, tryNumber: Int,
                        succeeded: Bool, exitCode: Int?, output: String?, truncated: Bool?, reason: String,
                        now: Date) async throws -> TaskFinishOutcome? {
        let guardRows = try await conn.query("""
            SELECT * FROM task_instances WHERE id = ? AND state = 'running' AND try_number = ? \(db.dialect.rowLocking)
            """, .int(taskInstanceId), SQLValue(tryNumber))
        guard let row = guardRows.first else { return nil }
        let task = try Self.taskInstance(row)
        let decision = TaskTransitions.attemptFinished(succeeded: succeeded, tryNumber: tryNumber, policy: task.spec.retry, now: now)
        _ = try await conn.query("""
            UPDATE task_instances SET state = ?, ready_at = ?, finished_at = ?
            WHERE id = ? AND state = 'running' AND try_number = ?
            """, [.text(decision.state.rawValue), SQLValue(decision.readyAt ?? task.readyAt),
                  decision.state.isFinal ? SQLValue(now) : .null, .int(task.id), SQLValue(tryNumber)])
        _ = try await conn.query("""
            UPDATE attempts SET state = ?, finished_at = ?, exit_code = ?, output = COALESCE(?, output),
                output_truncated = COALESCE(?, output_truncated), reason = ?
            WHERE id = ? AND state = 'running'
            """, [.text(succeeded ? "success" : "failed"), SQLValue(now), exitCode.map { SQLValue($0) } ?? .null,
                  SQLValue(output), truncated.map { SQLValue($0) } ?? .null, .text(reason), .int(attemptId)])
        if succeeded {
            _ = try await conn.query("""
                UPDATE workflows SET success_count = success_count + 1, last_success = ?, status = 'success' WHERE name = ?
                """, SQLValue(now), .text(task.workflow))
        } else {
            _ = try await conn.query("""
                UPDATE workflows SET error_count = error_count + 1, last_error = ?, status = 'failed' WHERE name = ?
                """, SQLValue(now), .text(task.workflow))
        }
        let states = try await conn.query("SELECT state FROM task_instances WHERE run_id = ?", .int(task.runId))
            .compactMap { TaskState(rawValue: $0.text("state")) }
        let runState = RunState.derive(from: states)
        var runFinished: RunState?
        if runState.isFinal {
            let changed = try await conn.query("""
                UPDATE runs SET state = ?, finished_at = ? WHERE id = ? AND state NOT IN ('success', 'failed') RETURNING id
                """, .text(runState.rawValue), SQLValue(now), .int(task.runId))
            if !changed.isEmpty { runFinished = runState }
        }
        return TaskFinishOutcome(workflow: task.workflow, runId: task.runId, taskState: decision.state,
                                 retryAt: decision.state == .upForRetry ? decision.readyAt : nil, runFinished: runFinished)
    }
}
