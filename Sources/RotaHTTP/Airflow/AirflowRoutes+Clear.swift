import Foundation
import Hummingbird
import RotaCore
import RotaStorage

/// `POST /dags/{dag_id}/clearTaskInstances`: Airflow's "clear" (rerun) across runs.
extension AirflowRoutes {
    static let clearFields: Set<String> = [
        "dry_run", "start_date", "end_date", "only_failed", "only_running", "reset_dag_runs", "task_ids", "dag_run_id",
        "include_upstream", "include_downstream", "include_future", "include_past", "note", "prevent_running_task",
        "run_on_latest_version",
    ]

    /// Mind Airflow's defaults: `dry_run` and `only_failed` are true unless the body says otherwise,
    /// so a bare `{}` clears nothing and lists the failed task instances.
    ///
    /// Rota never clears a running task instance (Airflow would set it `restarting`), and a
    /// cleared run always goes back to running, whatever `reset_dag_runs` says.
    func clearTaskInstances(_ request: Request, _ dagId: String) async throws -> Response {
        var body = try await AirflowBody.read(request, allowed: Self.clearFields)
        let dryRun = body.bool("dry_run", default: true)
        let onlyFailed = body.bool("only_failed", default: true)
        let onlyRunning = body.bool("only_running", default: false)
        _ = body.bool("reset_dag_runs", default: true)
        _ = body.bool("prevent_running_task", default: false)
        _ = body.bool("run_on_latest_version", default: false)
        let upstream = body.bool("include_upstream", default: false)
        let downstream = body.bool("include_downstream", default: false)
        let past = body.bool("include_past", default: false), future = body.bool("include_future", default: false)
        let start = body.date("start_date"), end = body.date("end_date")
        let runId = body.string("dag_run_id")
        _ = body.string("note")
        let taskIds = clearTaskIds(&body)
        if onlyFailed && onlyRunning { body.fail("only_failed and only_running both are set to True") }
        if let start, let end, start > end { body.fail("end_date is sooner than start_date") }
        if runId != nil && (start != nil || end != nil) {
            body.fail("Exactly one of dag_run_id or (start_date and end_date) must be provided")
        }
        try body.check()
        let view = try await workflow(dagId) { APIError(.notFound, "DAG \($0) not found") }
        var runs: [RunRecord]
        if let runId {
            guard let run = try await store.runGetByKey(workflow: dagId, runKey: runId) else {
                throw APIError(.notFound, "Dag Run id \(runId) not found in dag \(dagId)")
            }
            if past || future {
                throw APIError(.badRequest, "Cannot use include_past or include_future when dag_run_id is provided because logical_date is not applicable.")
            }
            runs = [run]
        } else {
            runs = try await self.runs(of: dagId).filter { run in
                (past || start.map { run.logicalDate >= $0 } ?? true) && (future || end.map { run.logicalDate <= $0 } ?? true)
            }
        }
        let name = AirflowDAG.displayName(view)
        var result: [AirflowTaskInstance] = []
        for run in runs.sorted(by: { $0.id < $1.id }) {
            let all = try await store.runTaskInstances(runId: run.id)
            let ids = taskIds.map { AirflowGraph.select($0, in: all, upstream: upstream, downstream: downstream) }
            // Running task instances are never cleared, so `only_running` selects nothing.
            let selected = onlyRunning ? [] : all.filter { (ids?.contains($0.taskId) ?? true) && Self.clearable($0, onlyFailed: onlyFailed) }
            if selected.isEmpty { continue }
            if dryRun {
                result += selected.map { AirflowTaskInstance($0, run: run, displayName: name) }
            } else {
                let cleared = try await store.taskClear(TaskClearParams(runId: run.id, taskIds: selected.map(\.taskId),
                                                                        includeDownstream: false, onlyFailed: false, now: now))
                result += cleared.map { AirflowTaskInstance($0, run: run, displayName: name) }
            }
        }
        if !dryRun, !result.isEmpty { wakeWorkers() }
        return try JSONResponse.make(AirflowTaskInstanceCollection(task_instances: result, total_entries: result.count), request: request)
    }

    /// `task_ids`: task ids, or `[task_id, map_index]` pairs (Rota has no mapped tasks, so the
    /// index is read and ignored). Nil when absent (every task).
    private func clearTaskIds(_ body: inout AirflowBody) -> [String]? {
        guard let items = body.array("task_ids") else { return nil }
        if items.isEmpty { body.fail("task_ids list should have at least 1 element.") }
        var ids: [String] = []
        for (index, item) in items.enumerated() {
            if case .string(let id) = item { ids.append(id); continue }
            if case .array(let pair) = item, pair.count == 2, case .string(let id) = pair[0] { ids.append(id); continue }
            body.add(.init(type: "string_type", loc: ["body", "task_ids", .index(index)], msg: "Input should be a valid string",
                           input: item))
        }
        return ids
    }
}
