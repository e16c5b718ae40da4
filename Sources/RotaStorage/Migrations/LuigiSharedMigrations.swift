/// Version 8, both dialects: what lets several servers share one luigi graph, and luigi history.
///
/// `luigi_meta.generation` counts committed changes; each task and worker row records the
/// generation that last wrote it, and removals leave a row in `luigi_removed` for an hour, so a
/// server catches up by reading only what changed since the generation it holds.
/// `luigi_history` keeps every status change of every task (luigi's `task_events`).
extension SQLiteMigrations {
    public static let luigiShared = Migration(version: 8, name: "luigi_shared",
                                              sql: LuigiSharedMigrationSQL.text(serial: "INTEGER PRIMARY KEY AUTOINCREMENT"))
}

extension PostgresMigrations {
    public static let luigiShared = Migration(version: 8, name: "luigi_shared",
                                              sql: LuigiSharedMigrationSQL.text(serial: "BIGSERIAL PRIMARY KEY"))
}

enum LuigiSharedMigrationSQL {
    static func text(serial: String) -> String {
        """
        ALTER TABLE luigi_tasks ADD COLUMN gen BIGINT NOT NULL DEFAULT 0;
        ALTER TABLE luigi_workers ADD COLUMN gen BIGINT NOT NULL DEFAULT 0;
        CREATE INDEX luigi_tasks_gen ON luigi_tasks (gen);
        CREATE TABLE luigi_removed (
            gen BIGINT NOT NULL,
            kind TEXT NOT NULL,
            item_id TEXT NOT NULL,
            removed_at BIGINT NOT NULL
        );
        CREATE INDEX luigi_removed_gen ON luigi_removed (gen);
        INSERT INTO luigi_meta (key, value) VALUES ('generation', '0'), ('removed_floor', '0')
            ON CONFLICT (key) DO NOTHING;
        CREATE TABLE luigi_history (
            id \(serial),
            at BIGINT NOT NULL,
            task_id TEXT NOT NULL,
            task_key TEXT NOT NULL,
            family TEXT NOT NULL,
            status TEXT NOT NULL,
            worker TEXT NOT NULL,
            host TEXT NOT NULL
        );
        CREATE INDEX luigi_history_task ON luigi_history (task_key, id);
        CREATE INDEX luigi_history_at ON luigi_history (at);
        """
    }
}
