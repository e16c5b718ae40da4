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
        // Workflows: versions, intervals, conf, DAG edges, pools, import errors. `file_key` is a
        // hash of the path so that no index is on a long text column.
        Migration(version: 2, name: "workflows", sql: """
            ALTER TABLE workflows ADD COLUMN source TEXT NOT NULL DEFAULT '';
            ALTER TABLE workflows ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
            ALTER TABLE workflows ADD COLUMN max_active_runs INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE workflows ADD COLUMN max_active_tasks INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE runs ADD COLUMN version TEXT NOT NULL DEFAULT '';
            ALTER TABLE runs ADD COLUMN conf TEXT NOT NULL DEFAULT '{}';
            ALTER TABLE runs ADD COLUMN data_interval_start INTEGER;
            ALTER TABLE runs ADD COLUMN data_interval_end INTEGER;
            CREATE INDEX runs_workflow_logical ON runs (workflow, logical_date);
            ALTER TABLE task_instances ADD COLUMN upstream TEXT NOT NULL DEFAULT '';
            ALTER TABLE task_instances ADD COLUMN trigger_rule TEXT NOT NULL DEFAULT 'all_success';
            ALTER TABLE task_instances ADD COLUMN pool TEXT NOT NULL DEFAULT '';
            ALTER TABLE task_instances ADD COLUMN pool_slots INTEGER NOT NULL DEFAULT 1;
            ALTER TABLE task_instances ADD COLUMN result TEXT;
            CREATE INDEX task_instances_run ON task_instances (run_id, task_id);
            CREATE INDEX attempts_task_instance ON attempts (task_instance_id, attempt);
            CREATE TABLE workflow_versions (
                workflow TEXT NOT NULL,
                version TEXT NOT NULL,
                definition TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                PRIMARY KEY (workflow, version)
            );
            CREATE TABLE pools (
                name TEXT PRIMARY KEY,
                slots INTEGER NOT NULL,
                description TEXT NOT NULL DEFAULT ''
            );
            INSERT INTO pools (name, slots, description) VALUES ('default_pool', 128, 'Default pool');
            CREATE TABLE import_errors (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                file_key TEXT NOT NULL UNIQUE,
                file TEXT NOT NULL,
                message TEXT NOT NULL,
                created_at INTEGER NOT NULL
            );
            """),
        Migration(version: 3, name: "create_luigi_tables", sql: """
            CREATE TABLE luigi_tasks (
                task_key TEXT PRIMARY KEY,
                task_id TEXT NOT NULL,
                status TEXT NOT NULL,
                priority INTEGER NOT NULL,
                first_seen INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                body TEXT NOT NULL
            );
            CREATE INDEX luigi_tasks_pending ON luigi_tasks (status, priority DESC, first_seen, task_key);
            CREATE TABLE luigi_workers (
                worker_key TEXT PRIMARY KEY,
                worker_id TEXT NOT NULL,
                last_active INTEGER NOT NULL,
                body TEXT NOT NULL
            );
            CREATE TABLE luigi_meta (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            );
            """),
    ]
}
