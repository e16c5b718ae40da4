extension SQLDialect {
    /// One writer, so no row locks are needed: transactions are serialised by the connection.
    public static let sqlite = SQLDialect(name: "sqlite", claimLocking: "", migrations: SQLiteMigrations.all + [SQLiteMigrations.cluster, SQLiteMigrations.routing, SQLiteMigrations.auth, SQLiteMigrations.paging, SQLiteMigrations.luigiShared, SQLiteMigrations.runState, SQLiteMigrations.readiness])
    /// Several servers claim concurrently: skip rows another transaction holds.
    public static let postgres = SQLDialect(name: "postgres", claimLocking: "FOR UPDATE SKIP LOCKED",
                                            migrations: PostgresMigrations.all + [PostgresMigrations.cluster, PostgresMigrations.routing, PostgresMigrations.auth, PostgresMigrations.paging, PostgresMigrations.luigiShared, PostgresMigrations.runState, PostgresMigrations.readiness])

    var isPostgres: Bool { name == "postgres" }
    /// Locks a row read before a guarded update (a no-op under SQLite's single writer).
    var rowLocking: String { isPostgres ? "FOR UPDATE" : "" }
    /// Serialises concurrent `rota db migrate` / server starts on PostgreSQL.
    var migrationLock: String? { isPostgres ? "SELECT pg_advisory_xact_lock(7026111)" : nil }
    var dropSuffix: String { isPostgres ? " CASCADE" : "" }
    /// Announces new claimable work to every server at commit (PostgreSQL delivers NOTIFY only
    /// when the transaction commits, and folds duplicates within it).
    var announceWork: String? { isPostgres ? "NOTIFY rota_work" : nil }
    /// Before counting a claim's running task instances (pools, task limits) on PostgreSQL: a
    /// plain index scan of the `state = 'running'` index marks the entries of finished task
    /// instances dead, so the next count skips them; a bitmap scan (the planner's choice on a
    /// table younger than its statistics) visits all of them on every claim. Bench W4: 0.5 and
    /// 0.3 ms per claim for the two counts, growing with every task run since the last vacuum.
    var claimCountHint: String? { isPostgres ? "SET LOCAL enable_bitmapscan = off" : nil }
}
