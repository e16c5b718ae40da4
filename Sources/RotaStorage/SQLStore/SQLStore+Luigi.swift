import Foundation
import RotaCore

/// The luigi tables (migrations 3 and 8): `luigi_tasks`, `luigi_workers`, `luigi_meta`,
/// `luigi_removed`, `luigi_history`.
///
/// Keys are `ContentHash.hex` of the luigi id, so the primary-key index never holds long text.
extension SQLStore: LuigiStore {
    public func luigiLoad() async throws -> LuigiSnapshot {
        try await db.read { conn in
            // The generation is read first: rows written after it are re-read by the next catch-up,
            // which is harmless (upserts), while reading it last could skip a change.
            let generation = try await SQLLuigiSession.generation(conn, lock: "")
            let tasks = try await conn.query(
                "SELECT task_id, status, priority, first_seen, body FROM luigi_tasks ORDER BY first_seen, task_key", []
            ).map(SQLLuigiSession.taskRow)
            let workers = try await conn.query("SELECT worker_id, last_active, body FROM luigi_workers ORDER BY worker_key", [])
                .map(SQLLuigiSession.workerRow)
            return LuigiSnapshot(tasks: tasks, workers: workers, meta: try await SQLLuigiSession.meta(conn), generation: generation)
        }
    }

    public func luigiExclusive<T: Sendable>(_ body: @Sendable (any LuigiSession) async throws -> T) async throws -> T {
        let lock = db.dialect.rowLocking
        return try await db.write { conn in
            let session = SQLLuigiSession(conn: conn, generation: try await SQLLuigiSession.generation(conn, lock: lock))
            return try await body(session)
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

    public func luigiHistory(taskId: String?, limit: Int) async throws -> [LuigiHistoryRow] {
        try await db.read { conn in
            let rows = if let taskId {
                try await conn.query("SELECT * FROM luigi_history WHERE task_key = ? ORDER BY id DESC LIMIT ?",
                                     .text(ContentHash.hex(of: taskId)), SQLValue(limit))
            } else {
                try await conn.query("SELECT * FROM luigi_history ORDER BY id DESC LIMIT ?", SQLValue(limit))
            }
            return rows.map {
                LuigiHistoryRow(at: $0.date("at"), taskId: $0.text("task_id"), family: $0.text("family"), status: $0.text("status"),
                                worker: $0.text("worker"), host: $0.text("host"))
            }
        }
    }
}

/// The luigi graph inside `luigiExclusive`'s transaction, its generation row locked.
struct SQLLuigiSession: LuigiSession {
    let conn: any SQLConnection
    let generation: Int64

    /// Removal records older than this are dropped (a server idle longer reloads everything).
    static let removedKeptFor: Double = 3600

    func changes(since known: Int64) async throws -> LuigiSnapshot? {
        if known == generation { return LuigiSnapshot(meta: [:], generation: generation) }
        let floor = Int64(try await conn.query("SELECT value FROM luigi_meta WHERE key = 'removed_floor'", []).first?.text("value") ?? "") ?? 0
        guard known >= floor, known < generation else { return nil }
        let tasks = try await conn.query(
            "SELECT task_id, status, priority, first_seen, body FROM luigi_tasks WHERE gen > ? ORDER BY first_seen, task_key",
            .int(known)
        ).map(Self.taskRow)
        let workers = try await conn.query("SELECT worker_id, last_active, body FROM luigi_workers WHERE gen > ?", .int(known))
            .map(Self.workerRow)
        var removedTasks: [String] = []
        var removedWorkers: [String] = []
        for row in try await conn.query("SELECT kind, item_id FROM luigi_removed WHERE gen > ? ORDER BY gen", .int(known)) {
            if row.text("kind") == "task" { removedTasks.append(row.text("item_id")) } else { removedWorkers.append(row.text("item_id")) }
        }
        // A row removed and then written again is current: the removal came first.
        let present = Set(tasks.map(\.taskId))
        let presentWorkers = Set(workers.map(\.workerId))
        return LuigiSnapshot(tasks: tasks, workers: workers, meta: try await Self.meta(conn), generation: generation,
                             removedTasks: removedTasks.filter { !present.contains($0) },
                             removedWorkers: removedWorkers.filter { !presentWorkers.contains($0) })
    }

    func apply(_ changes: LuigiChanges) async throws -> Int64 {
        if changes.isEmpty { return generation }
        let gen = generation + 1
        let now = Date()
        let stamp = SQLValue(now)
        _ = try await conn.query("UPDATE luigi_meta SET value = ? WHERE key = 'generation'", .text(String(gen)))
        for id in changes.deleteTasks {
            _ = try await conn.query("DELETE FROM luigi_tasks WHERE task_key = ?", .text(ContentHash.hex(of: id)))
            _ = try await conn.query("INSERT INTO luigi_removed (gen, kind, item_id, removed_at) VALUES (?, 'task', ?, ?)",
                                     .int(gen), .text(id), stamp)
        }
        for task in changes.upsertTasks {
            _ = try await conn.query("""
                INSERT INTO luigi_tasks (task_key, task_id, status, priority, first_seen, updated_at, body, gen)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (task_key) DO UPDATE SET status = excluded.status, priority = excluded.priority,
                    updated_at = excluded.updated_at, body = excluded.body, gen = excluded.gen
                """, [.text(ContentHash.hex(of: task.taskId)), .text(task.taskId), .text(task.status), .int(task.priority),
                      .int(task.firstSeen), stamp, .text(task.body), .int(gen)])
        }
        for id in changes.deleteWorkers {
            _ = try await conn.query("DELETE FROM luigi_workers WHERE worker_key = ?", .text(ContentHash.hex(of: id)))
            _ = try await conn.query("INSERT INTO luigi_removed (gen, kind, item_id, removed_at) VALUES (?, 'worker', ?, ?)",
                                     .int(gen), .text(id), stamp)
        }
        for worker in changes.upsertWorkers {
            _ = try await conn.query("""
                INSERT INTO luigi_workers (worker_key, worker_id, last_active, body, gen) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (worker_key) DO UPDATE SET last_active = excluded.last_active, body = excluded.body, gen = excluded.gen
                """, .text(ContentHash.hex(of: worker.workerId)), .text(worker.workerId), .int(worker.lastActive),
                .text(worker.body), .int(gen))
        }
        for (key, value) in changes.meta.sorted(by: { $0.key < $1.key }) where key != "generation" && key != "removed_floor" {
            _ = try await conn.query("""
                INSERT INTO luigi_meta (key, value) VALUES (?, ?)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """, .text(key), .text(value))
        }
        for event in changes.history {
            _ = try await conn.query("""
                INSERT INTO luigi_history (at, task_id, task_key, family, status, worker, host) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, SQLValue(event.at), .text(event.taskId), .text(ContentHash.hex(of: event.taskId)), .text(event.family),
                .text(event.status), .text(event.worker), .text(event.host))
        }
        if gen % 500 == 0 { try await forgetOldRemovals(now: now) }
        return gen
    }

    /// Drops removal records older than `removedKeptFor` and raises `removed_floor` past them.
    private func forgetOldRemovals(now: Date) async throws {
        let cutoff = SQLValue(now.addingTimeInterval(-Self.removedKeptFor))
        let dropped = try await conn.query("DELETE FROM luigi_removed WHERE removed_at < ? RETURNING gen", cutoff).map { $0.int("gen") }
        guard let newest = dropped.max() else { return }
        _ = try await conn.query("""
            UPDATE luigi_meta SET value = ? WHERE key = 'removed_floor'
            """, .text(String(newest)))
    }

    static func generation(_ conn: any SQLConnection, lock: String) async throws -> Int64 {
        let text = try await conn.query("SELECT value FROM luigi_meta WHERE key = 'generation' \(lock)", []).first?.text("value")
        return text.flatMap { Int64($0) } ?? 0
    }

    /// The scheduler's own values (the bookkeeping keys stay inside the Store).
    static func meta(_ conn: any SQLConnection) async throws -> [String: String] {
        var meta: [String: String] = [:]
        for row in try await conn.query("SELECT key, value FROM luigi_meta", []) where !["generation", "removed_floor"].contains(row.text("key")) {
            meta[row.text("key")] = row.text("value")
        }
        return meta
    }

    static func taskRow(_ row: SQLRow) -> LuigiTaskRow {
        LuigiTaskRow(taskId: row.text("task_id"), status: row.text("status"), priority: row.int("priority"),
                     firstSeen: row.int("first_seen"), body: row.text("body"))
    }

    static func workerRow(_ row: SQLRow) -> LuigiWorkerRow {
        LuigiWorkerRow(workerId: row.text("worker_id"), lastActive: row.int("last_active"), body: row.text("body"))
    }
}
