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
    ]
}
