import Foundation
import RotaCore

extension SQLStore: ClusterStore {
    public func leaseAcquire(name: String, holder: String, ttl: Duration, now: Date) async throws
        -> (lease: LeaseRecord, takenOverFrom: Date?) {
        let expires = now.addingTimeInterval(ttl.seconds)
        return try await db.write { conn in
            let current = try await conn.query("SELECT * FROM leases WHERE name = ? \(self.db.dialect.rowLocking)", .text(name)).first
            var takenOver: Date?
            if let current {
                let currentHolder = current.text("holder")
                let free = current.date("expires_at") < now
                if currentHolder == holder {
                    // Our own lease lapsed (the database was unreachable): whatever fell due
                    // since our last renewal may not have fired, exactly as after a takeover.
                    if free { takenOver = current.date("renewed_at") }
                    _ = try await conn.query("UPDATE leases SET renewed_at = ?, expires_at = ? WHERE name = ?",
                                             SQLValue(now), SQLValue(expires), .text(name))
                } else if free {
                    takenOver = current.date("renewed_at")
                    _ = try await conn.query("""
                        UPDATE leases SET holder = ?, acquired_at = ?, renewed_at = ?, expires_at = ? WHERE name = ?
                        """, .text(holder), SQLValue(now), SQLValue(now), SQLValue(expires), .text(name))
                }
            } else {
                _ = try await conn.query("""
                    INSERT INTO leases (name, holder, acquired_at, renewed_at, expires_at) VALUES (?, ?, ?, ?, ?)
                    """, .text(name), .text(holder), SQLValue(now), SQLValue(now), SQLValue(expires))
            }
            guard let row = try await conn.query("SELECT * FROM leases WHERE name = ?", .text(name)).first else {
                throw StoreError("lease \(name) vanished")
            }
            return (Self.lease(row), takenOver)
        }
    }

    public func leaseGet(name: String) async throws -> LeaseRecord? {
        try await db.read { conn in
            try await conn.query("SELECT * FROM leases WHERE name = ?", .text(name)).first.map(Self.lease)
        }
    }

    public func leaseRelease(name: String, holder: String) async throws {
        try await db.write { conn in
            _ = try await conn.query("UPDATE leases SET expires_at = 0 WHERE name = ? AND holder = ?", .text(name), .text(holder))
        }
    }

    public func memberExpire(kind: MemberRecord.Kind, before: Date) async throws -> [String] {
        try await db.write { conn in
            try await conn.query("""
                UPDATE members SET status = 'failed' WHERE kind = ? AND status IN ('alive', 'leaving') AND last_seen < ? RETURNING name
                """, .text(kind.rawValue), SQLValue(before)).map { $0.text("name") }
        }
    }

    public func memberList() async throws -> [MemberRecord] {
        try await db.read { conn in
            try await conn.query("SELECT * FROM members ORDER BY kind, name", []).map(Self.member)
        }
    }

    public func memberSetStatus(name: String, status: String) async throws {
        try await db.write { conn in
            _ = try await conn.query("UPDATE members SET status = ? WHERE name = ?", .text(status), .text(name))
        }
    }

    public func memberUpsert(_ m: MemberRecord) async throws {
        let tags = String(decoding: try JSONEncoder().encode(m.tags), as: UTF8.self)
        try await db.write { conn in
            _ = try await conn.query("""
                INSERT INTO members (name, kind, address, tags, capacity, running, status, started_at, last_seen)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, address = excluded.address, tags = excluded.tags,
                    capacity = excluded.capacity, running = excluded.running, status = excluded.status,
                    last_seen = excluded.last_seen,
                    started_at = CASE WHEN members.status = 'alive' THEN members.started_at ELSE excluded.started_at END
                """, [.text(m.name), .text(m.kind.rawValue), .text(m.address), .text(tags), SQLValue(m.capacity),
                      SQLValue(m.running), .text(m.status), SQLValue(m.startedAt), SQLValue(m.lastSeen)])
        }
    }

    static func lease(_ row: SQLRow) -> LeaseRecord {
        LeaseRecord(name: row.text("name"), holder: row.text("holder"), acquiredAt: row.date("acquired_at"),
                    renewedAt: row.date("renewed_at"), expiresAt: row.date("expires_at"))
    }

    static func member(_ row: SQLRow) -> MemberRecord {
        let tags = (try? JSONDecoder().decode([String: String].self, from: Data(row.text("tags").utf8))) ?? [:]
        return MemberRecord(name: row.text("name"), kind: MemberRecord.Kind(rawValue: row.text("kind")) ?? .worker,
                            address: row.text("address"), tags: tags, capacity: Int(row.int("capacity")),
                            running: Int(row.int("running")), status: row.text("status"),
                            startedAt: row.date("started_at"), lastSeen: row.date("last_seen"))
    }
}
