/// Version 6, both dialects: API tokens (digests only) and the audit log.
extension SQLiteMigrations {
    public static let auth = Migration(version: 6, name: "auth", sql: AuthMigrationSQL.text(big: "INTEGER", serial: "INTEGER PRIMARY KEY AUTOINCREMENT"))
}

extension PostgresMigrations {
    public static let auth = Migration(version: 6, name: "auth", sql: AuthMigrationSQL.text(big: "BIGINT", serial: "BIGSERIAL PRIMARY KEY"))
}

enum AuthMigrationSQL {
    static func text(big: String, serial: String) -> String {
        """
        CREATE TABLE api_tokens (
            id \(serial),
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            digest TEXT NOT NULL UNIQUE,
            prefix TEXT NOT NULL,
            created_at \(big) NOT NULL,
            expires_at \(big),
            last_used_at \(big),
            revoked_at \(big)
        );
        CREATE UNIQUE INDEX api_tokens_active_name ON api_tokens (name) WHERE revoked_at IS NULL;
        CREATE TABLE audit_log (
            id \(serial),
            at \(big) NOT NULL,
            actor TEXT NOT NULL,
            role TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            status \(big) NOT NULL,
            source TEXT NOT NULL
        );
        CREATE INDEX audit_log_at ON audit_log (at);
        """
    }
}
