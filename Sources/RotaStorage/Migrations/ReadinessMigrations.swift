/// Version 10, both dialects: what a finish needs to release its downstream without reading the
/// run (bench W3, 1 → 1,000 → 1: each of the 1,000 middle finishes re-tallied the sink's 1,000
/// upstreams, O(n²) per run).
///
/// - `downstream`: the task ids that list this task as an upstream, written when the run is
///   created. NULL on task instances created before this version: their finishes fall back to
///   reading the run's waiting task instances.
/// - `open_upstreams`: a lower bound of how many upstreams are not final yet, kept for waiting
///   task instances. 0 means "count them": the default, and what a bound that reached zero does.
extension SQLiteMigrations {
    public static let readiness = Migration(version: 10, name: "readiness", sql: ReadinessMigrationSQL.text)
}

extension PostgresMigrations {
    public static let readiness = Migration(version: 10, name: "readiness", sql: ReadinessMigrationSQL.text)
}

enum ReadinessMigrationSQL {
    static let text = """
        ALTER TABLE task_instances ADD COLUMN downstream TEXT;
        ALTER TABLE task_instances ADD COLUMN open_upstreams INTEGER NOT NULL DEFAULT 0;
        """
}
