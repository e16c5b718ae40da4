/// PostgreSQL schema history, version for version the same logical schema as `SQLiteMigrations`.
/// Times are Unix milliseconds (BIGINT); booleans are 0/1 (SMALLINT), so SQL text is shared.
public enum PostgresMigrations {
    public static let all: [Migration] = [
        Migration(version: 1, name: "create_core_tables", sql: """
            CREATE TABLE workflows (
                name TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                definition TEXT NOT NULL,
                version TEXT NOT NULL,
                disabled SMALLINT NOT NULL DEFAULT 0,
                parent TEXT NOT NULL DEFAULT '',
                status TEXT NOT NULL DEFAULT '',
                success_count BIGINT NOT NULL DEFAULT 0,
                error_count BIGINT NOT NULL DEFAULT 0,
                last_success BIGINT,
                last_error BIGINT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            );
            CREATE INDEX workflows_parent ON workflows (parent);
            CREATE TABLE runs (
                id BIGSERIAL PRIMARY KEY,
                workflow TEXT NOT NULL REFERENCES workflows (name) ON DELETE CASCADE,
                run_key TEXT NOT NULL,
                logical_date BIGINT NOT NULL,
                trigger TEXT NOT NULL,
                state TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                started_at BIGINT,
                finished_at BIGINT,
                UNIQUE (workflow, run_key)
            );
            CREATE INDEX runs_workflow_state ON runs (workflow, state);
            CREATE TABLE task_instances (
                id BIGSERIAL PRIMARY KEY,
                run_id BIGINT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                workflow TEXT NOT NULL,
                task_id TEXT NOT NULL,
                state TEXT NOT NULL,
                try_number BIGINT NOT NULL DEFAULT 0,
                max_tries BIGINT NOT NULL,
                spec TEXT NOT NULL,
                priority BIGINT NOT NULL DEFAULT 0,
                queue TEXT NOT NULL DEFAULT 'default',
                ready_at BIGINT NOT NULL,
                node TEXT,
                started_at BIGINT,
                finished_at BIGINT,
                UNIQUE (run_id, task_id)
            );
            CREATE INDEX task_instances_claimable ON task_instances (priority DESC, ready_at, id)
                WHERE state IN ('queued', 'up_for_retry');
            CREATE INDEX task_instances_running ON task_instances (node) WHERE state = 'running';
            CREATE TABLE attempts (
                id BIGSERIAL PRIMARY KEY,
                task_instance_id BIGINT NOT NULL REFERENCES task_instances (id) ON DELETE CASCADE,
                run_id BIGINT NOT NULL,
                workflow TEXT NOT NULL,
                task_id TEXT NOT NULL,
                attempt BIGINT NOT NULL,
                node TEXT NOT NULL,
                state TEXT NOT NULL,
                started_at BIGINT NOT NULL,
                finished_at BIGINT,
                exit_code BIGINT,
                output TEXT NOT NULL DEFAULT '',
                output_truncated SMALLINT NOT NULL DEFAULT 0,
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
            ALTER TABLE workflows ADD COLUMN active SMALLINT NOT NULL DEFAULT 1;
            ALTER TABLE workflows ADD COLUMN max_active_runs BIGINT NOT NULL DEFAULT 0;
            ALTER TABLE workflows ADD COLUMN max_active_tasks BIGINT NOT NULL DEFAULT 0;
            ALTER TABLE runs ADD COLUMN version TEXT NOT NULL DEFAULT '';
            ALTER TABLE runs ADD COLUMN conf TEXT NOT NULL DEFAULT '{}';
            ALTER TABLE runs ADD COLUMN data_interval_start BIGINT;
            ALTER TABLE runs ADD COLUMN data_interval_end BIGINT;
            CREATE INDEX runs_workflow_logical ON runs (workflow, logical_date);
            ALTER TABLE task_instances ADD COLUMN upstream TEXT NOT NULL DEFAULT '';
            ALTER TABLE task_instances ADD COLUMN trigger_rule TEXT NOT NULL DEFAULT 'all_success';
            ALTER TABLE task_instances ADD COLUMN pool TEXT NOT NULL DEFAULT '';
            ALTER TABLE task_instances ADD COLUMN pool_slots BIGINT NOT NULL DEFAULT 1;
            ALTER TABLE task_instances ADD COLUMN result TEXT;
            CREATE INDEX task_instances_run ON task_instances (run_id, task_id);
            CREATE INDEX attempts_task_instance ON attempts (task_instance_id, attempt);
            CREATE TABLE workflow_versions (
                workflow TEXT NOT NULL,
                version TEXT NOT NULL,
                definition TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (workflow, version)
            );
            CREATE TABLE pools (
                name TEXT PRIMARY KEY,
                slots BIGINT NOT NULL,
                description TEXT NOT NULL DEFAULT ''
            );
            INSERT INTO pools (name, slots, description) VALUES ('default_pool', 128, 'Default pool');
            CREATE TABLE import_errors (
                id BIGSERIAL PRIMARY KEY,
                file_key TEXT NOT NULL UNIQUE,
                file TEXT NOT NULL,
                message TEXT NOT NULL,
                created_at BIGINT NOT NULL
            );
            """),
        Migration(version: 3, name: "create_luigi_tables", sql: """
            CREATE TABLE luigi_tasks (
                task_key TEXT PRIMARY KEY,
                task_id TEXT NOT NULL,
                status TEXT NOT NULL,
                priority BIGINT NOT NULL,
                first_seen BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                body TEXT NOT NULL
            );
            CREATE INDEX luigi_tasks_pending ON luigi_tasks (status, priority DESC, first_seen, task_key);
            CREATE TABLE luigi_workers (
                worker_key TEXT PRIMARY KEY,
                worker_id TEXT NOT NULL,
                last_active BIGINT NOT NULL,
                body TEXT NOT NULL
            );
            CREATE TABLE luigi_meta (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            );
            """),
    ]
}
