import Foundation
import RotaCore

extension SQLStore: AuthStore {
    public func auditAppend(_ e: AuditRecord) async throws {
        try await db.write { conn in
            _ = try await conn.query("""
                INSERT INTO audit_log (at, actor, role, action, target, status, source) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, SQLValue(e.at), .text(e.actor), .text(e.role), .text(e.action), .text(String(e.target.prefix(2000))),
                SQLValue(e.status), .text(e.source))
        }
    }

    public func auditList(offset: Int, limit: Int) async throws -> (entries: [AuditRecord], total: Int) {
        try await db.read { conn in
            let rows = try await conn.query("SELECT * FROM audit_log ORDER BY id DESC LIMIT ? OFFSET ?", SQLValue(limit), SQLValue(offset))
            let total = try await conn.query("SELECT COUNT(*) AS n FROM audit_log", []).first?.int("n") ?? 0
            return (rows.map {
                AuditRecord(id: $0.int("id"), at: $0.date("at"), actor: $0.text("actor"), role: $0.text("role"), action: $0.text("action"),
                            target: $0.text("target"), status: Int($0.int("status")), source: $0.text("source"))
            }, Int(total))
        }
    }

    public func tokenCreate(name: String, role: Role, digest: String, prefix: String, expiresAt: Date?, now: Date) async throws -> TokenRecord {
        try await db.write { conn in
            if try await conn.query("SELECT id FROM api_tokens WHERE name = ? AND revoked_at IS NULL", .text(name)).first != nil {
                throw StoreError("a token named \"\(name)\" exists; revoke it first or choose another name")
            }
            guard let row = try await conn.query("""
                INSERT INTO api_tokens (name, role, digest, prefix, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING *
                """, .text(name), .text(role.rawValue), .text(digest), .text(prefix), SQLValue(now), SQLValue(expiresAt)).first
            else { throw StoreError("token insert returned nothing") }
            return Self.token(row)
        }
    }

    public func tokenFind(digest: String) async throws -> TokenRecord? {
        try await db.read { conn in
            try await conn.query("SELECT * FROM api_tokens WHERE digest = ?", .text(digest)).first.map(Self.token)
        }
    }

    public func tokenGet(id: Int64) async throws -> TokenRecord? {
        try await db.read { conn in
            try await conn.query("SELECT * FROM api_tokens WHERE id = ?", .int(id)).first.map(Self.token)
        }
    }

    public func tokenList() async throws -> [TokenRecord] {
        try await db.read { conn in
            try await conn.query("SELECT * FROM api_tokens ORDER BY id", []).map(Self.token)
        }
    }

    public func tokenRevoke(name: String, now: Date) async throws -> TokenRecord? {
        try await db.write { conn in
            try await conn.query("UPDATE api_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL RETURNING *",
                                 SQLValue(now), .text(name)).first.map(Self.token)
        }
    }

    public func tokenTouch(id: Int64, now: Date) async throws {
        try await db.write { conn in
            _ = try await conn.query("""
                UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)
                """, SQLValue(now), .int(id), SQLValue(now.addingTimeInterval(-60)))
        }
    }

    static func token(_ row: SQLRow) -> TokenRecord {
        TokenRecord(id: row.int("id"), name: row.text("name"), role: Role(rawValue: row.text("role")) ?? .viewer,
                    digest: row.text("digest"), prefix: row.text("prefix"), createdAt: row.date("created_at"),
                    expiresAt: row.optionalDate("expires_at"), lastUsedAt: row.optionalDate("last_used_at"),
                    revokedAt: row.optionalDate("revoked_at"))
    }
}
