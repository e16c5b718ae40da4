import Foundation
import RotaCore

/// The one `Store` implementation, shared by SQLite and PostgreSQL through `SQLDatabase`.
///
/// Sharing the SQL (with the few dialect differences named in `SQLDialect`) is a deliberate
/// departure from one hand-written driver per backend: it keeps the two backends from drifting,
/// and the contract suite proves the shared SQL on both.
public final class SQLStore: Store {
    let db: any SQLDatabase
    public var backend: String { db.dialect.name }
    public var writeLanes: Int { db.dialect.isPostgres ? 2 : 1 }

    public init(database: any SQLDatabase) {
        self.db = database
    }

    public func close() async {
        await db.close()
    }

    public func workAnnouncements() -> AsyncStream<Void>? { db.workAnnouncements() }

    // MARK: Schema

    static let migrationsTable = """
        CREATE TABLE IF NOT EXISTS rota_migrations (
            version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)
        """

    public func schemaMigrate() async throws -> [Int] {
        let dialect = db.dialect
        return try await db.write { conn in
            if let lock = dialect.migrationLock { _ = try await conn.query(lock, []) }
            try await conn.executeScript(Self.migrationsTable)
            let applied = Set(try await conn.query("SELECT version FROM rota_migrations", []).map { Int($0.int("version")) })
            let known = Set(dialect.migrations.map(\.version))
            if let newer = applied.subtracting(known).max() {
                throw StoreError("the database schema is at version \(newer), newer than this rota binary knows (\(known.max() ?? 0)); upgrade rota")
            }
            var now: [Int] = []
            for migration in dialect.migrations.sorted(by: { $0.version < $1.version }) where !applied.contains(migration.version) {
                try await conn.executeScript(migration.sql)
                _ = try await conn.query("INSERT INTO rota_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                                         [SQLValue(migration.version), .text(migration.name), SQLValue(Date())])
                now.append(migration.version)
            }
            return now
        }
    }

    public func schemaStatus() async throws -> SchemaStatus {
        let known = db.dialect.migrations.map(\.version).sorted()
        let applied = try await db.write { conn in
            try await conn.executeScript(Self.migrationsTable)
            return try await conn.query("SELECT version FROM rota_migrations ORDER BY version", []).map { Int($0.int("version")) }
        }
        return SchemaStatus(applied: applied, known: known)
    }

    public func schemaReset() async throws {
        let suffix = db.dialect.dropSuffix
        try await db.write { conn in
            for table in ["api_tokens", "audit_log", "members", "leases", "attempts", "task_instances", "runs", "workflow_versions", "pools", "import_errors", "workflows",
                          "settings", "luigi_tasks", "luigi_workers", "luigi_meta", "luigi_removed", "luigi_history", "rota_migrations"] {
                try await conn.executeScript("DROP TABLE IF EXISTS \(table)\(suffix)")
            }
        }
    }

    // MARK: Settings

    public func settingGet(_ key: String) async throws -> String? {
        try await db.read { conn in
            try await conn.query("SELECT value FROM settings WHERE key = ?", .text(key)).first?.text("value")
        }
    }

    public func settingSet(_ key: String, _ value: String) async throws {
        try await db.write { conn in
            _ = try await conn.query("""
                INSERT INTO settings (key, value) VALUES (?, ?)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """, .text(key), .text(value))
        }
    }
}

extension SQLStore {
    /// Runs administrative SQL outside Rota's schema (creating a test schema, say). Not for data.
    public func adminExecute(_ sql: String) async throws {
        try await db.write { conn in try await conn.executeScript(sql) }
    }

    /// Like `adminExecute`, outside a transaction.
    public func adminExecuteOutsideTransaction(_ sql: String) async throws {
        try await db.executeOutsideTransaction(sql)
    }
}
