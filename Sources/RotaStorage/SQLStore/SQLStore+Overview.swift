import Foundation
import RotaCore

/// Summary queries for the UI's overview: small answers over indexes, whatever the history size.
extension SQLStore {
    public func attemptRecentFailures(limit: Int) async throws -> [AttemptRecord] {
        try await db.read { conn in
            try await conn.query("SELECT * FROM attempts WHERE state = 'failed' ORDER BY finished_at DESC, id DESC LIMIT ?",
                                 SQLValue(limit)).map(Self.attempt)
        }
    }

    public func runTaskInstances(runIds: [Int64]) async throws -> [Int64: [TaskInstanceRecord]] {
        guard !runIds.isEmpty else { return [:] }
        return try await db.read { conn in
            var out: [Int64: [TaskInstanceRecord]] = [:]
            for chunk in runIds.chunks(of: 500).map(Array.init) {
                let marks = Self.marks(chunk.count)
                for row in try await conn.query("SELECT * FROM task_instances WHERE run_id IN (\(marks)) ORDER BY id", chunk.map { .int($0) }) {
                    let task = try Self.taskInstance(row)
                    out[task.runId, default: []].append(task)
                }
            }
            return out
        }
    }

    public func runCountByState() async throws -> [String: Int] {
        try await db.read { conn in
            var counts: [String: Int] = [:]
            for row in try await conn.query("SELECT state, COUNT(*) AS n FROM runs GROUP BY state", []) {
                counts[row.text("state")] = Int(row.int("n"))
            }
            return counts
        }
    }
}
