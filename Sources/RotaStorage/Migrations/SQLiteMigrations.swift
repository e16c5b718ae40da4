/// SQLite schema history. Times are Unix milliseconds (INTEGER); booleans are 0/1.
/// Every indexed text column holds a validated name of at most 200 characters.
public enum SQLiteMigrations {
    public static let all: [Migration] = [
        Migration(version: 1, name: "create_core_tables", sql: """
            CREATE TABLE workflows (
                name TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                definition TEXT NOT NULL,
                version TEXT NOT NULL,
                disabled INTEGER NOT NULL DEFAULT 0,
                parent TEXT NOT NULL DEFAULT '',
                status TEXT NOT NULL DEFAULT '',
                success_count INTEGER NOT NULL DEFAULT 0,
                error_count INTEGER NOT NULL DEFAULT 0,
                last_success INTEGER,
                last_error INTEGER,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            );
            CREATE INDEX workflows_parent ON workflows (parent);
            CREATE TABLE runs (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                workflow TEXT NOT NULL REFERENCES workflows (name) ON DELETE CASCADE,
                run_key TEXT NOT NULL,
                logical_date INTEGER NOT NULL,
                trigger TEXT NOT NULL,
                state TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                started_at INTEGER,
                finished_at INTEGER,
                UNIQUE (workflow, run_key)
            );
            CREATE INDEX runs_workflow_state ON runs (workflow, state);
            CREATE TABLE task_instances (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                workflow TEXT NOT NULL,
                task_id TEXT NOT NULL,
                state TEXT NOT NULL,
                try_number INTEGER NOT NULL DEFAULT 0,
                max_tries INTEGER NOT NULL,
                spec TEXT NOT NULL,
                priority INTEGER NOT NULL DEFAULT 0,
                queue TEXT NOT NULL DEFAULT 'default',
                ready_at INTEGER NOT NULL,
                node TEXT,
                started_at INTEGER,
                finished_at INTEGER,
                UNIQUE (run_id, task_id)
            );
            CREATE INDEX task_instances_claimable ON task_instances (priority DESC, ready_at, id)
                WHERE state IN ('queued', 'up_for_retry');
            CREATE INDEX task_instances_running ON task_instances (node) WHERE state = 'running';
            CREATE TABLE attempts (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                task_instance_id INTEGER NOT NULL REFERENCES task_instances (id) ON DELETE CASCADE,
                run_id INTEGER NOT NULL,
                workflow TEXT NOT NULL,
                task_id TEXT NOT NULL,
                attempt INTEGER NOT NULL,
                node TEXT NOT NULL,
                state TEXT NOT NULL,
                started_at INTEGER NOT NULL,
                finished_at INTEGER,
                exit_code INTEGER,
                output TEXT NOT NULL DEFAULT '',
                output_truncated INTEGER NOT NULL DEFAULT 0,
                reason TEXT NOT NULL DEFAULT '',
                UNIQUE (task_instance_id, attempt)
            );
            CREATE INDEX attempts_workflow ON attempts (workflow, id);
            CREATE INDEX attempts_running ON attempts (started_at) WHERE state = 'running';
            CREATE INDEX attempts_finished ON attempts (finished_at);
            CREATE TABLE settings (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            );
            """),
    ]
}
