import Foundation
import RotaCore

extension SQLStore {
    public func attemptDeleteAll(workflow: String) async throws {
        try await db.write { conn in
            _ = try await conn.query("DELETE FROM attempts WHERE workflow = ? AND state <> 'running'", .text(workflow))
            _ = try await conn.query("""
                UPDATE workflows SET success_count = 0, error_count = 0, last_success = NULL, last_error = NULL,
                    status = CASE WHEN status = 'running' THEN status ELSE '' END
                WHERE name = ?
                """, .text(workflow))
        }
    }

    public func attemptGet(id: Int64) async throws -> AttemptRecord? {
        try await db.read { conn in
            try await conn.query("SELECT * FROM attempts WHERE id = ?", .int(id)).first.map(Self.attempt)
        }
    }

    public func attemptList(_ p: AttemptListParams) async throws -> (attempts: [AttemptRecord], total: Int) {
        try await db.read { conn in
            let order = p.newestFirst ? "DESC" : "ASC"
            let rows = try await conn.query("SELECT * FROM attempts WHERE workflow = ? ORDER BY id \(order) LIMIT ? OFFSET ?",
                                            .text(p.workflow), SQLValue(p.limit), SQLValue(p.offset))
            let total = try await conn.query("SELECT COUNT(*) AS n FROM attempts WHERE workflow = ?", .text(p.workflow))
            return (rows.map(Self.attempt), Int(total.first?.int("n") ?? 0))
        }
    }

    public func attemptOutputUpdate(id: Int64, output: String, truncated: Bool) async throws {
        try await db.write { conn in
            _ = try await conn.query("UPDATE attempts SET output = ?, output_truncated = ? WHERE id = ? AND state = 'running'",
                                     .text(output), SQLValue(truncated), .int(id))
        }
    }

    public func attemptsRunning() async throws -> [AttemptRecord] {
        try await db.read { conn in
            try await conn.query("SELECT * FROM attempts WHERE state = 'running' ORDER BY started_at, id", []).map(Self.attempt)
        }
    }

    public func attemptStats(since: Date) async throws -> [DailyStats] {
        try await db.read { conn in
            try await conn.query("""
                SELECT finished_at / 86400000 AS day,
                       SUM(CASE WHEN state = 'success' THEN 1 ELSE 0 END) AS ok,
                       SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END) AS failed
                FROM attempts WHERE finished_at >= ? GROUP BY finished_at / 86400000 ORDER BY day
                """, SQLValue(since)).map {
                DailyStats(day: Date(timeIntervalSince1970: Double($0.int("day")) * 86400),
                           successCount: Int($0.int("ok")), failedCount: Int($0.int("failed")))
            }
        }
    }
}
