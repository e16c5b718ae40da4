import Foundation
import RotaCore

/// The luigi tables (migration 3): `luigi_tasks`, `luigi_workers`, `luigi_meta`.
///
/// Keys are `ContentHash.hex` of the luigi id, so the primary-key index never holds long text.
extension SQLStore: LuigiStore {
    public func luigiLoad() async throws -> LuigiSnapshot {
        try await db.read { conn in
            let tasks = try await conn.query(
                "SELECT task_id, status, priority, first_seen, body FROM luigi_tasks ORDER BY first_seen, task_key", []
            ).map {
                LuigiTaskRow(taskId: $0.text("task_id"), status: $0.text("status"), priority: $0.int("priority"),
                             firstSeen: $0.int("first_seen"), body: $0.text("body"))
            }
            let workers = try await conn.query("SELECT worker_id, last_active, body FROM luigi_workers ORDER BY worker_key", []).map {
                LuigiWorkerRow(workerId: $0.text("worker_id"), lastActive: $0.int("last_active"), body: $0.text("body"))
            }
            var meta: [String: String] = [:]
            for row in try await conn.query("SELECT key, value FROM luigi_meta", []) {
                meta[row.text("key")] = row.text("value")
            }
            return LuigiSnapshot(tasks: tasks, workers: workers, meta: meta)
        }
    }

    public func luigiApply(_ changes: LuigiChanges) async throws {
        if changes.isEmpty { return }
        let now = SQLValue(Date())
        try await db.write { conn in
            for id in changes.deleteTasks {
                _ = try await conn.query("DELETE FROM luigi_tasks WHERE task_key = ?", .text(ContentHash.hex(of: id)))
            }
            for task in changes.upsertTasks {
                _ = try await conn.query("""
                    INSERT INTO luigi_tasks (task_key, task_id, status, priority, first_seen, updated_at, body)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (task_key) DO UPDATE SET status = excluded.status, priority = excluded.priority,
                        updated_at = excluded.updated_at, body = excluded.body
                    """, [.text(ContentHash.hex(of: task.taskId)), .text(task.taskId), .text(task.status), .int(task.priority),
                          .int(task.firstSeen), now, .text(task.body)])
            }
            for id in changes.deleteWorkers {
                _ = try await conn.query("DELETE FROM luigi_workers WHERE worker_key = ?", .text(ContentHash.hex(of: id)))
            }
            for worker in changes.upsertWorkers {
                _ = try await conn.query("""
                    INSERT INTO luigi_workers (worker_key, worker_id, last_active, body) VALUES (?, ?, ?, ?)
                    ON CONFLICT (worker_key) DO UPDATE SET last_active = excluded.last_active, body = excluded.body
                    """, .text(ContentHash.hex(of: worker.workerId)), .text(worker.workerId), .int(worker.lastActive),
                    .text(worker.body))
            }
            for (key, value) in changes.meta.sorted(by: { $0.key < $1.key }) {
                _ = try await conn.query("""
                    INSERT INTO luigi_meta (key, value) VALUES (?, ?)
                    ON CONFLICT (key) DO UPDATE SET value = excluded.value
                    """, .text(key), .text(value))
            }
        }
    }

    public func luigiPendingOrder(limit: Int) async throws -> [String] {
        try await db.read { conn in
            try await conn.query("""
                SELECT task_id FROM luigi_tasks WHERE status = 'PENDING'
                ORDER BY priority DESC, first_seen, task_key LIMIT ?
                """, SQLValue(limit)).map { $0.text("task_id") }
        }
    }
}
