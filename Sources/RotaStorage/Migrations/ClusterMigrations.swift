/// Version 4, both dialects: members (servers and workers with heartbeats) and leases (the
/// leader's lease). Kept in its own file so each capability's schema history reads on its own.
extension SQLiteMigrations {
    public static let cluster = Migration(version: 4, name: "cluster", sql: ClusterMigrationSQL.text(big: "INTEGER"))
}

extension PostgresMigrations {
    public static let cluster = Migration(version: 4, name: "cluster", sql: ClusterMigrationSQL.text(big: "BIGINT"))
}

enum ClusterMigrationSQL {
    static func text(big: String) -> String {
        """
        CREATE TABLE members (
            name TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            address TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '{}',
            capacity \(big) NOT NULL DEFAULT 0,
            running \(big) NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'alive',
            started_at \(big) NOT NULL,
            last_seen \(big) NOT NULL
        );
        CREATE TABLE leases (
            name TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            acquired_at \(big) NOT NULL,
            renewed_at \(big) NOT NULL,
            expires_at \(big) NOT NULL
        );
        """
    }
}

/// Version 5, both dialects: the tags a task instance needs of its worker (Dkron's job `tags`),
/// as a canonical `key=value,…` string, checked at claim time.
extension SQLiteMigrations {
    public static let routing = Migration(version: 5, name: "routing", sql: """
        ALTER TABLE task_instances ADD COLUMN route TEXT NOT NULL DEFAULT ''
        """)
}

extension PostgresMigrations {
    public static let routing = Migration(version: 5, name: "routing", sql: """
        ALTER TABLE task_instances ADD COLUMN route TEXT NOT NULL DEFAULT ''
        """)
}
