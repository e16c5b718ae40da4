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
                INSERT INTO runs (workflow, run_key, logical_date, trigger, state, created_at)
                VALUES (?, ?, ?, ?, 'queued', ?)
                ON CONFLICT (workflow, run_key) DO NOTHING
                RETURNING *
                """, [.text(p.workflow), .text(p.runKey), SQLValue(p.logicalDate), .text(p.trigger.rawValue), SQLValue(p.now)])
            guard let row = rows.first else { return .duplicate }
            let run = Self.run(row)
            for (task, spec) in zip(p.tasks, specs) {
                _ = try await conn.query("""
                    INSERT INTO task_instances (run_id, workflow, task_id, state, max_tries, spec, priority, queue, ready_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, [.int(run.id), .text(p.workflow), .text(task.taskId), .text(task.state.rawValue),
                          SQLValue(task.spec.retry.maxTries), .text(spec), SQLValue(task.priority), .text(task.queue),
                          SQLValue(p.now)])
            }
            return .created(run)
        }
    }

    public func runGet(id: Int64) async throws -> RunRecord? {
        try await db.read { conn in
            try await conn.query("SELECT * FROM runs WHERE id = ?", .int(id)).first.map(Self.run)
        }
    }

    public func runTaskInstances(runId: Int64) async throws -> [TaskInstanceRecord] {
        try await db.read { conn in
            try await conn.query("SELECT * FROM task_instances WHERE run_id = ? ORDER BY id", .int(runId)).map(Self.taskInstance)
        }
    }

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
            return deleted
        }
    }
}
