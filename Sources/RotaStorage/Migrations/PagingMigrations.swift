/// Version 7, both dialects: an index matching the run lists' order (`logical_date, id` within a
/// workflow), so a page of a workflow's runs is an index range, not a sort of all its runs
/// (bench W8: the grid on PostgreSQL sorted 50,000 runs and spilled to disk).
extension SQLiteMigrations {
    public static let paging = Migration(version: 7, name: "paging", sql: PagingMigrationSQL.text)
}

extension PostgresMigrations {
    public static let paging = Migration(version: 7, name: "paging", sql: PagingMigrationSQL.text)
}

enum PagingMigrationSQL {
    static let text = """
        CREATE INDEX runs_workflow_logical_id ON runs (workflow, logical_date, id);
        DROP INDEX runs_workflow_logical;
        """
}
