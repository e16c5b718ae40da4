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
