import Foundation
import Hummingbird
import NIOCore
import RotaCore
import RotaEngine
import RotaStorage

/// DAGs (Rota's workflows): list, read, pause, tasks and source.
extension AirflowRoutes {
    /// `GET /dags`: Airflow's filters (`paused`, `dag_id_pattern`, `dag_display_name_pattern`,
    /// `tags` with `tags_match_mode`, `owners`, `exclude_stale`, `has_import_errors`,
    /// `last_dag_run_state`) and `order_by` (`dag_id` by default).
    func listDAGs(_ request: Request) async throws -> Response {
        var query = AirflowQuery(request)
        let (limit, offset) = query.page()
        let paused = query.bool("paused")
        let excludeStale = query.bool("exclude_stale") ?? true
        let hasImportErrors = query.bool("has_import_errors")
        let lastStates = Set(query.enumList("last_dag_run_state", allowed: AirflowDAGRun.states))
        let matchAll = query.string("tags_match_mode") == "all"
        try query.check()
        let erroredFiles = Set(try await store.importErrorList().map(\.file))
        let tags = Set(query.list("tags")), owners = query.list("owners")
        let idPattern = query.string("dag_id_pattern"), namePattern = query.string("dag_display_name_pattern")
        let views = try await catalog.list().filter { view in
            let definition = view.definition
            let tagged = tags.isEmpty || (matchAll ? tags.isSubset(of: definition.tags) : !tags.isDisjoint(with: definition.tags))
            return tagged && (paused.map { view.record.disabled == $0 } ?? true) && (!excludeStale || view.record.active)
                && (hasImportErrors.map { erroredFiles.contains(view.record.source) == $0 } ?? true)
                && (idPattern.map { airflowLike(definition.id, pattern: $0) } ?? true)
                && (namePattern.map { airflowLike(AirflowDAG.displayName(view), pattern: $0) } ?? true)
                && (owners.isEmpty || owners.contains { airflowLike(AirflowDAG.owner(definition), pattern: $0) })
        }
        let orderBy = query.list("order_by")
        let needsLastRun = !lastStates.isEmpty || orderBy.contains { $0.hasSuffix("last_run_state") || $0.hasSuffix("last_run_start_date") }
        let lastRuns = needsLastRun ? try await latestRuns(of: views) : [:]
        let filtered = lastStates.isEmpty ? views : views.filter { lastRuns[$0.definition.id].map { lastStates.contains($0.state.rawValue) } ?? false }
        let sort = AirflowSort<WorkflowView>(
            fields: [
                "dag_id": { .text($0.definition.id) }, "dag_display_name": { .text(AirflowDAG.displayName($0)) },
                "next_dagrun": { .date($0.nextInterval?.start) },
                "last_run_state": { lastRuns[$0.definition.id].map { .text($0.state.rawValue) } ?? .absent },
                "last_run_start_date": { .date(lastRuns[$0.definition.id]?.startedAt) },
            ],
            primary: { .text($0.definition.id) }, fallback: "dag_id")
        let sorted = try sort.apply(filtered, orderBy: orderBy)
        let page = airflowPage(sorted, limit: limit, offset: offset).map {
            AirflowDAG($0, hasImportErrors: erroredFiles.contains($0.record.source))
        }
        return try JSONResponse.make(AirflowDAGCollection(dags: page, total_entries: sorted.count), request: request)
    }

    func getDAG(_ request: Request, _ dagId: String, details: Bool) async throws -> Response {
        let view = try await workflow(dagId)
        let errored = try await hasImportErrors(view)
        guard details else { return try JSONResponse.make(AirflowDAG(view, hasImportErrors: errored), request: request) }
        let active = try await store.runList(RunListParams(workflow: dagId, states: [.queued, .running], offset: 0, limit: 0)).total
        return try JSONResponse.make(AirflowDAGDetails(view, hasImportErrors: errored, activeRuns: active), request: request)
    }

    /// `PATCH /dags/{dag_id}` with `{"is_paused": bool}`: the only field Airflow lets clients change.
    func patchDAG(_ request: Request, _ dagId: String) async throws -> Response {
        var body = try await AirflowBody.read(request, allowed: ["is_paused"])
        let mask = AirflowQuery(request).list("update_mask")
        if !mask.isEmpty, mask != ["is_paused"] {
            throw APIError(.badRequest, "Only `is_paused` field can be updated through the REST API")
        }
        body.require("is_paused")
        let paused = body.bool("is_paused", default: false)
        try body.check()
        let current = try await workflow(dagId) { APIError(.notFound, "Dag with id: \($0) was not found") }
        let view = current.record.disabled == paused ? current : try await catalog.setPaused(dagId, paused: paused)
        return try JSONResponse.make(AirflowDAG(view, hasImportErrors: try await hasImportErrors(view)), request: request)
    }

    /// `GET /dags/{dag_id}/tasks`, in file order unless `order_by` says otherwise.
    func listTasks(_ request: Request, _ dagId: String) async throws -> Response {
        let view = try await workflow(dagId) { APIError(.notFound, "Dag with id \($0) was not found") }
        let agent = request.headers[.userAgent]
        var tasks = view.definition.tasks.map { AirflowTask($0, in: view.definition, userAgent: agent) }
        if let order = AirflowQuery(request).string("order_by") {
            let key = order.hasPrefix("-") ? String(order.dropFirst()) : order
            guard ["task_id", "priority_weight", "retries", "pool", "queue", "trigger_rule", "operator_name"].contains(key) else {
                throw APIError(.badRequest, "Ordering with '\(key)' is disallowed or the attribute does not exist on the model")
            }
            tasks.sort { a, b in
                let (x, y) = (Self.sortText(a, key), Self.sortText(b, key))
                return order.hasPrefix("-") ? y < x : x < y
            }
        }
        return try JSONResponse.make(AirflowTaskCollection(tasks: tasks, total_entries: tasks.count), request: request)
    }

    func getTask(_ request: Request, _ dagId: String, _ taskId: String) async throws -> Response {
        let view = try await workflow(dagId) { APIError(.notFound, "Dag with id \($0) was not found") }
        guard let task = view.definition.task(taskId) else { throw APIError(.notFound, "Task with id \(taskId) not found") }
        return try JSONResponse.make(AirflowTask(task, in: view.definition, userAgent: request.headers[.userAgent]), request: request)
    }

    /// `GET /dagSources/{dag_id}`: the definition Rota stored (canonical JSON, indented), which is
    /// what runs execute; `Accept: text/plain` answers the bare text, as Airflow does.
    func getSource(_ request: Request, _ dagId: String) async throws -> Response {
        let view = try await workflow(dagId)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let content = String(decoding: try encoder.encode(view.definition), as: UTF8.self)
        let accept = request.headers[.accept]?.lowercased() ?? ""
        if accept.contains("text/plain"), !accept.contains("application/json") {
            return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: content)))
        }
        struct Source: Encodable {
            var content: String
            var dag_id: String
            var dag_display_name: String
            @Null var version_number: Int?
        }
        return try JSONResponse.make(Source(content: content, dag_id: dagId, dag_display_name: AirflowDAG.displayName(view),
                                            version_number: nil), request: request)
    }

    private func hasImportErrors(_ view: WorkflowView) async throws -> Bool {
        if view.record.source.isEmpty { return false }
        return try await store.importErrorList().contains { $0.file == view.record.source }
    }

    /// Each DAG's newest run, for the `last_run_*` sort keys and the `last_dag_run_state` filter.
    private func latestRuns(of views: [WorkflowView]) async throws -> [String: RunRecord] {
        var latest: [String: RunRecord] = [:]
        for view in views {
            latest[view.definition.id] = try await store.runList(RunListParams(workflow: view.definition.id, offset: 0, limit: 1)).runs.first
        }
        return latest
    }

    private static func sortText(_ task: AirflowTask, _ key: String) -> String {
        switch key {
        case "priority_weight": return String(format: "%012d", task.priority_weight)
        case "retries": return String(format: "%012d", task.retries)
        case "pool": return task.pool
        case "queue": return task.queue
        case "trigger_rule": return task.trigger_rule
        case "operator_name": return task.operator_name
        default: return task.task_id
        }
    }
}
