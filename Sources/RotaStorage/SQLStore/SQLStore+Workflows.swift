import Foundation
import RotaCore

extension SQLStore {
    public func workflowChildren(of name: String) async throws -> [String] {
        try await db.read { conn in
            try await conn.query("SELECT name FROM workflows WHERE parent = ? ORDER BY name", .text(name)).map { $0.text("name") }
        }
    }

    public func workflowDelete(name: String) async throws -> WorkflowRecord? {
        try await db.write { conn in
            try await conn.query("DELETE FROM workflows WHERE name = ? RETURNING *", .text(name)).first.map(Self.workflow)
        }
    }

    public func workflowGet(name: String) async throws -> WorkflowRecord? {
        try await db.read { conn in
            try await conn.query("SELECT * FROM workflows WHERE name = ?", .text(name)).first.map(Self.workflow)
        }
    }

    public func workflowList(kind: WorkflowRecord.Kind?) async throws -> [WorkflowRecord] {
        try await db.read { conn in
            if let kind {
                return try await conn.query("SELECT * FROM workflows WHERE kind = ? ORDER BY name", .text(kind.rawValue)).map(Self.workflow)
            }
            return try await conn.query("SELECT * FROM workflows ORDER BY name", []).map(Self.workflow)
        }
    }

    public func workflowSetDisabled(name: String, disabled: Bool) async throws -> WorkflowRecord? {
        try await db.write { conn in
            try await conn.query("UPDATE workflows SET disabled = ?, updated_at = ? WHERE name = ? RETURNING *",
                                 SQLValue(disabled), SQLValue(Date()), .text(name)).first.map(Self.workflow)
        }
    }

    public func workflowUpsert(_ p: WorkflowUpsertParams) async throws -> (record: WorkflowRecord, created: Bool) {
        try await db.write { conn in try await Self.upsertWorkflow(conn, p) }
    }

    public func workflowUpsertBatch(_ params: [WorkflowUpsertParams]) async throws -> [(record: WorkflowRecord, created: Bool)] {
        if params.isEmpty { return [] }
        return try await db.write { conn in
            var stored: [(record: WorkflowRecord, created: Bool)] = []
            stored.reserveCapacity(params.count)
            for p in params { stored.append(try await Self.upsertWorkflow(conn, p)) }
            return stored
        }
    }

    private static func upsertWorkflow(_ conn: any SQLConnection, _ p: WorkflowUpsertParams) async throws
        -> (record: WorkflowRecord, created: Bool) {
        let existed = try await !conn.query("SELECT name FROM workflows WHERE name = ?", .text(p.name)).isEmpty
        let rows = try await conn.query("""
            INSERT INTO workflows (name, kind, definition, version, disabled, parent, created_at, updated_at,
                source, active, max_active_runs, max_active_tasks)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
            ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, definition = excluded.definition,
                version = excluded.version, disabled = excluded.disabled, parent = excluded.parent,
                updated_at = excluded.updated_at, source = excluded.source, active = 1,
                max_active_runs = excluded.max_active_runs, max_active_tasks = excluded.max_active_tasks
            WHERE workflows.kind = excluded.kind
            RETURNING *
            """, [.text(p.name), .text(p.kind.rawValue), .text(p.definition), .text(p.version),
                  SQLValue(p.disabled), .text(p.parent), SQLValue(p.now), SQLValue(p.now), .text(p.source),
                  SQLValue(p.maxActiveRuns), SQLValue(p.maxActiveTasks)])
        // No row: the name belongs to a workflow of the other kind (a job and a DAG share one
        // namespace), which an upsert must never turn into this kind. The one place this rule
        // is kept, so a race between two writers cannot break it either.
        guard let row = rows.first else {
            let owner = p.kind == .job ? "the id of a workflow" : "the name of a job"
            throw RotaError(.conflict, "\"\(p.name)\" is already \(owner); workflow ids and job names share one namespace")
        }
        return (workflow(row), !existed)
    }

    public func workflowSetActive(name: String, active: Bool) async throws {
        try await db.write { conn in
            _ = try await conn.query("UPDATE workflows SET active = ? WHERE name = ?", SQLValue(active), .text(name))
        }
    }

    public func workflowVersionSave(workflow: String, version: String, definition: String, now: Date) async throws {
        try await db.write { conn in
            _ = try await conn.query("""
                INSERT INTO workflow_versions (workflow, version, definition, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (workflow, version) DO NOTHING
                """, .text(workflow), .text(version), .text(definition), SQLValue(now))
        }
    }

    public func workflowVersionGet(workflow: String, version: String) async throws -> String? {
        try await db.read { conn in
            try await conn.query("SELECT definition FROM workflow_versions WHERE workflow = ? AND version = ?",
                                 .text(workflow), .text(version)).first?.text("definition")
        }
    }
}
