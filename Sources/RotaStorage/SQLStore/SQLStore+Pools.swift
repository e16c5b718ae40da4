import Foundation
import RotaCore

extension SQLStore {
    static let poolSelect = """
        SELECT p.name, p.slots, p.description,
            CAST(COALESCE((SELECT SUM(pool_slots) FROM task_instances WHERE pool = p.name AND state = 'running'), 0) AS BIGINT) AS occupied,
            CAST(COALESCE((SELECT SUM(pool_slots) FROM task_instances WHERE pool = p.name AND state IN ('queued', 'up_for_retry')), 0) AS BIGINT) AS queued
        FROM pools p
        """

    public func poolDelete(name: String) async throws -> Bool {
        if name == "default_pool" { throw StoreError("default_pool cannot be deleted") }
        return try await db.write { conn in
            !(try await conn.query("DELETE FROM pools WHERE name = ? RETURNING name", .text(name))).isEmpty
        }
    }

    public func poolGet(name: String) async throws -> PoolRecord? {
        try await db.read { conn in
            try await conn.query(Self.poolSelect + " WHERE p.name = ?", .text(name)).first.map(Self.pool)
        }
    }

    public func poolList() async throws -> [PoolRecord] {
        try await db.read { conn in
            try await conn.query(Self.poolSelect + " ORDER BY p.name", []).map(Self.pool)
        }
    }

    public func poolUpsert(name: String, slots: Int, description: String) async throws -> PoolRecord {
        try await db.write { conn in
            _ = try await conn.query("""
                INSERT INTO pools (name, slots, description) VALUES (?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET slots = excluded.slots, description = excluded.description
                """, .text(name), SQLValue(slots), .text(description))
            guard let row = try await conn.query(Self.poolSelect + " WHERE p.name = ?", .text(name)).first else {
                throw StoreError("pool \(name) vanished")
            }
            return Self.pool(row)
        }
    }

    // MARK: Import errors

    public func importErrorClear(file: String) async throws {
        try await db.write { conn in
            _ = try await conn.query("DELETE FROM import_errors WHERE file_key = ?", .text(ContentHash.hex(of: file)))
        }
    }

    public func importErrorList() async throws -> [ImportErrorRecord] {
        try await db.read { conn in
            try await conn.query("SELECT * FROM import_errors ORDER BY id", []).map {
                ImportErrorRecord(id: $0.int("id"), file: $0.text("file"), message: $0.text("message"),
                                  createdAt: $0.date("created_at"))
            }
        }
    }

    public func importErrorSet(file: String, message: String, now: Date) async throws {
        try await db.write { conn in
            _ = try await conn.query("""
                INSERT INTO import_errors (file_key, file, message, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (file_key) DO UPDATE SET message = excluded.message, created_at = excluded.created_at
                """, .text(ContentHash.hex(of: file)), .text(file), .text(message), SQLValue(now))
        }
    }
}
