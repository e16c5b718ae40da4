import Foundation
import RotaCore

extension SQLStore {
    public func runCreate(_ p: RunCreateParams) async throws -> RunCreateOutcome {
        let specs = try p.tasks.map { try Self.encode($0.spec) }
        return try await db.write { conn in
            let lock = self.db.dialect.rowLocking
            if try await conn.query("SELECT name FROM workflows WHERE name = ? \(lock)", .text(p.workflow)).isEmpty {
                return .missingWorkflow
            }
            if p.forbidOverlap {
                let active = try await conn.query(
                    "SELECT id FROM runs WHERE workflow = ? AND state IN ('queued', 'running') LIMIT 1", .text(p.workflow))
                if !active.isEmpty { return .overlapping }
            }
            let rows = try await conn.query("""
                INSERT INTO runs (workflow, run_key, logical_date, trigger, state, created_at, version, conf,
                    data_interval_start, data_interval_end)
                VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?)
                ON CONFLICT (workflow, run_key) DO NOTHING
                RETURNING id
                """, [.text(p.workflow), .text(p.runKey), SQLValue(p.logicalDate), .text(p.trigger.rawValue),
                      SQLValue(p.now), .text(p.version), .text(p.conf), SQLValue(p.dataIntervalStart),
                      SQLValue(p.dataIntervalEnd)])
            guard let runId = rows.first?.int("id") else { return .duplicate }
            let downstream = Self.downstream(of: p.tasks)
            // Many rows per INSERT (a statement per task was a third of a 10,000-task run's start
            // on PostgreSQL, bench W4); 500 rows stay under SQLite's 32,766 bound values.
            for slice in Array(zip(p.tasks, specs)).chunks(of: 500) {
                var binds: [SQLValue] = []
                for (task, spec) in slice {
                    binds += [.int(runId), .text(p.workflow), .text(task.taskId), SQLValue(task.spec.retry.maxTries),
                              .text(spec), SQLValue(task.priority), .text(task.queue), SQLValue(p.now),
                              .text(task.upstream.joined(separator: ",")), .text(task.triggerRule), .text(task.pool),
                              SQLValue(task.poolSlots), .text(TaskRoute.encode(task.route)),
                              .text((downstream[task.taskId] ?? []).joined(separator: ","))]
                }
                _ = try await conn.query("""
                    INSERT INTO task_instances (run_id, workflow, task_id, state, max_tries, spec, priority, queue, ready_at,
                        upstream, trigger_rule, pool, pool_slots, route, downstream)
                    VALUES \(slice.map { _ in "(?, ?, ?, 'scheduled', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" }.joined(separator: ", "))
                    """, binds)
            }
            try await self.startQueuedRuns(conn, workflow: p.workflow, now: p.now)
            guard let run = try await conn.query("SELECT * FROM runs WHERE id = ?", .int(runId)).first else {
                return .duplicate
            }
            return .created(Self.run(run))
        }
    }

    public func runGet(id: Int64) async throws -> RunRecord? {
        try await db.read { conn in
            try await conn.query("SELECT * FROM runs WHERE id = ?", .int(id)).first.map(Self.run)
        }
    }

    public func runGetByKey(workflow: String, runKey: String) async throws -> RunRecord? {
        try await db.read { conn in
            try await conn.query("SELECT * FROM runs WHERE workflow = ? AND run_key = ?", .text(workflow), .text(runKey))
                .first.map(Self.run)
        }
    }

    public func runLatestScheduled(workflow: String) async throws -> RunRecord? {
        try await db.read { conn in
            try await conn.query("""
                SELECT * FROM runs WHERE workflow = ? AND trigger IN ('schedule', 'backfill')
                ORDER BY logical_date DESC, id DESC LIMIT 1
                """, .text(workflow)).first.map(Self.run)
        }
    }

    public func runList(_ p: RunListParams) async throws -> (runs: [RunRecord], total: Int) {
        try await db.read { conn in
            var conditions: [String] = []
            var binds: [SQLValue] = []
            if let workflow = p.workflow {
                conditions.append("workflow = ?")
                binds.append(.text(workflow))
            }
            if !p.states.isEmpty {
                conditions.append("state IN (" + p.states.map { _ in "?" }.joined(separator: ", ") + ")")
                binds += p.states.map { .text($0.rawValue) }
            }
            let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
            let order = p.newestFirst ? "DESC" : "ASC"
            let rows = try await conn.query("SELECT * FROM runs\(filter) ORDER BY logical_date \(order), id \(order) LIMIT ? OFFSET ?",
                                            binds + [SQLValue(p.limit), SQLValue(p.offset)])
            let total = try await conn.query("SELECT COUNT(*) AS n FROM runs\(filter)", binds).first?.int("n") ?? 0
            return (rows.map(Self.run), Int(total))
        }
    }

    public func runSetState(id: Int64, state: RunState, now: Date) async throws -> RunRecord? {
        guard state.isFinal else { throw StoreError("a run can only be marked success or failed") }
        return try await db.write { conn in
            guard let row = try await conn.query("SELECT * FROM runs WHERE id = ? \(self.db.dialect.rowLocking)", .int(id)).first
            else { return nil }
            let target: TaskState = state == .success ? .success : .failed
            _ = try await conn.query("""
                UPDATE attempts SET state = ?, finished_at = ?, reason = ?
                WHERE state = 'running' AND task_instance_id IN (SELECT id FROM task_instances WHERE run_id = ? AND state = 'running')
                """, .text(target == .success ? "success" : "failed"), SQLValue(now), .text("marked \(target.rawValue) by a user"), .int(id))
            _ = try await conn.query("""
                UPDATE task_instances SET state = ?, finished_at = ?
                WHERE run_id = ? AND state NOT IN ('success', 'failed', 'skipped', 'upstream_failed', 'removed')
                """, .text(target.rawValue), SQLValue(now), .int(id))
            let wasActive = RunState(rawValue: row.text("state")).map { !$0.isFinal } ?? false
            let updated = try await conn.query("UPDATE runs SET state = ?, finished_at = ? WHERE id = ? RETURNING *",
                                               .text(state.rawValue), SQLValue(now), .int(id))
            if wasActive { try await self.startQueuedRuns(conn, workflow: row.text("workflow"), now: now) }
            return updated.first.map(Self.run)
        }
    }

    public func runTaskInstances(runId: Int64) async throws -> [TaskInstanceRecord] {
        try await db.read { conn in
            try await conn.query("SELECT * FROM task_instances WHERE run_id = ? ORDER BY id", .int(runId)).map(Self.taskInstance)
        }
    }

    public func runResults(runId: Int64) async throws -> [String: String] {
        try await db.read { conn in
            var out: [String: String] = [:]
            for row in try await conn.query("SELECT task_id, result FROM task_instances WHERE run_id = ? AND result IS NOT NULL",
                                            .int(runId)) {
                out[row.text("task_id")] = row.text("result")
            }
            return out
        }
    }

    /// Deleting a run cascades to its task instances and their attempts (the executions and their
    /// output) on both backends. With `olderThan` it also drops the other history that would grow
    /// without bound: workflow versions older than the cutoff that are neither a workflow's current
    /// version nor used by a kept run (each edit of a workflow file stores one; a deleted
    /// workflow's stay behind), and `members` rows not heard from since the cutoff (workers and
    /// servers long gone, under names that are never reused). Only runs are counted.
    public func runPrune(_ p: RunPruneParams) async throws -> Int {
        try await db.write { conn in
            var deleted = 0
            if let cutoff = p.olderThan {
                deleted += try await conn.query("""
                    DELETE FROM runs WHERE state IN ('success', 'failed') AND finished_at < ? RETURNING id
                    """, SQLValue(cutoff)).count
            }
            if let keep = p.keepPerWorkflow {
                deleted += try await conn.query("""
                    DELETE FROM runs WHERE id IN (
                        SELECT id FROM (
                            SELECT id, ROW_NUMBER() OVER (PARTITION BY workflow ORDER BY id DESC) AS position
                            FROM runs WHERE state IN ('success', 'failed')
                        ) ranked WHERE position > ?
                    ) RETURNING id
                    """, SQLValue(keep)).count
            }
            if let cutoff = p.olderThan {
                _ = try await conn.query("""
                    DELETE FROM workflow_versions WHERE created_at < ?
                        AND NOT EXISTS (SELECT 1 FROM workflows w
                                        WHERE w.name = workflow_versions.workflow AND w.version = workflow_versions.version)
                        AND NOT EXISTS (SELECT 1 FROM runs r
                                        WHERE r.workflow = workflow_versions.workflow AND r.version = workflow_versions.version)
                    """, SQLValue(cutoff))
                _ = try await conn.query("DELETE FROM members WHERE last_seen < ?", SQLValue(cutoff))
                // The audit log follows the same age limit as the history it describes.
                _ = try await conn.query("DELETE FROM audit_log WHERE at < ?", SQLValue(cutoff))
                _ = try await conn.query("DELETE FROM luigi_history WHERE at < ?", SQLValue(cutoff))
            }
            return deleted
        }
    }

    /// For each task, the tasks that name it as an upstream (each once, in definition order).
    static func downstream(of tasks: [RunCreateParams.Task]) -> [String: [String]] {
        var children: [String: [String]] = [:]
        for task in tasks {
            for upstream in Set(task.upstream) where upstream != task.taskId {
                children[upstream, default: []].append(task.taskId)
            }
        }
        return children
    }
}
