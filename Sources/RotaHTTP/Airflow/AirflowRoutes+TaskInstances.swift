import Foundation
import Hummingbird
import RotaCore
import RotaEngine
import RotaStorage

/// Task instances: list, read, mark success/failed, tries.
extension AirflowRoutes {
    /// One task instance with the run it belongs to (list endpoints span runs with `~`).
    struct Located {
        var task: TaskInstanceRecord
        var run: RunRecord
    }

    static let taskSort = AirflowSort<Located>(
        fields: [
            "id": { .int($0.task.id) }, "state": { .text($0.task.state.rawValue) },
            "duration": { AirflowFormat.duration($0.task.startedAt, $0.task.finishedAt).map { .number($0) } ?? .absent },
            "start_date": { .date($0.task.startedAt) }, "end_date": { .date($0.task.finishedAt) },
            "map_index": { _ in .number(-1) }, "try_number": { .number(Double($0.task.tryNumber)) },
            "logical_date": { .date($0.run.logicalDate) }, "run_after": { .date(AirflowDAGRun.runAfter($0.run)) },
            "data_interval_start": { .date($0.run.dataIntervalStart) }, "data_interval_end": { .date($0.run.dataIntervalEnd) },
            "rendered_map_index": { _ in .absent }, "task_id": { .text($0.task.taskId) },
        ],
        primary: { .int($0.task.id) }, fallback: "map_index")

    /// `GET /dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances` (`~` for every DAG or run).
    func listTaskInstances(_ request: Request, _ dagId: String, _ runId: String) async throws -> Response {
        var query = AirflowQuery(request)
        let (limit, offset) = query.page()
        let states = Set(query.enumList("state", allowed: AirflowTaskInstance.states))
        let started = query.range("start_date"), ended = query.range("end_date"), duration = query.range("duration")
        let logical = query.range("logical_date")
        try query.check()
        let views = try await workflowsById()
        if dagId != "~", views[dagId] == nil { throw APIError(.notFound, "DAG with dag_id: `\(dagId)` was not found") }
        var runs: [RunRecord]
        if runId == "~" {
            runs = try await self.runs(of: dagId)
        } else {
            let matching = try await self.runs(of: dagId).filter { $0.runKey == runId }
            guard !matching.isEmpty else { throw APIError(.notFound, "DagRun with run_id: `\(runId)` was not found") }
            runs = matching
        }
        runs = runs.filter { logical($0.logicalDate.timeIntervalSince1970) }
        let pools = Set(query.list("pool")), queues = Set(query.list("queue")), operators = Set(query.list("operator"))
        let taskIds = query.string("task_id"), pattern = query.string("task_display_name_pattern")
        let tries = Set(query.list("try_number").compactMap { Int($0) })
        var located: [Located] = []
        for run in runs {
            for task in try await store.runTaskInstances(runId: run.id) {
                let ti = AirflowTaskInstance(task, run: run, displayName: run.workflow)
                guard states.isEmpty || states.contains(task.state.rawValue), pools.isEmpty || pools.contains(ti.pool),
                      queues.isEmpty || queues.contains(task.queue), operators.isEmpty || operators.contains(ti.`operator` ?? ""),
                      taskIds == nil || taskIds == task.taskId, tries.isEmpty || tries.contains(task.tryNumber),
                      pattern.map({ airflowLike(task.taskId, pattern: $0) }) ?? true,
                      started(task.startedAt?.timeIntervalSince1970), ended(task.finishedAt?.timeIntervalSince1970),
                      duration(AirflowFormat.duration(task.startedAt, task.finishedAt)) else { continue }
                located.append(Located(task: task, run: run))
            }
        }
        let sorted = try Self.taskSort.apply(located, orderBy: query.list("order_by"))
        let page = airflowPage(sorted, limit: limit, offset: offset).map {
            AirflowTaskInstance($0.task, run: $0.run, displayName: views[$0.run.workflow].map(AirflowDAG.displayName) ?? $0.run.workflow)
        }
        return try JSONResponse.make(AirflowTaskInstanceCollection(task_instances: page, total_entries: sorted.count), request: request)
    }

    func getTaskInstance(_ request: Request, _ dagId: String, _ runId: String, _ taskId: String) async throws -> Response {
        let run = try await run(dagId, runId)
        let task = try await taskInstance(run, taskId)
        return try JSONResponse.make(AirflowTaskInstance(task, run: run, displayName: try await displayName(dagId)), request: request)
    }

    /// `PATCH …/taskInstances/{task_id}` (and `/dry_run`): `new_state` success or failed, optionally
    /// with everything upstream or downstream in the same run; answers the task instances changed
    /// (409 when none needed changing). `include_past`/`include_future` are accepted and ignored.
    func patchTaskInstance(_ request: Request, _ dagId: String, _ runId: String, _ taskId: String,
                           dryRun: Bool) async throws -> Response {
        var body = try await AirflowBody.read(request, allowed: ["new_state", "note", "include_upstream", "include_downstream",
                                                                   "include_future", "include_past"])
        var newState: String?
        if body.has("new_state") {
            let raw = body.string("new_state")?.lowercased()
            if raw == nil, body.issues.isEmpty {
                body.issue("new_state", "value_error", "Value error, 'new_state' should not be empty", .null)
            } else if let raw, !["success", "failed", "skipped"].contains(raw) {
                body.issue("new_state", "value_error", "Value error, '\(raw)' is not one of ['success', 'failed', 'skipped']", .string(raw))
            }
            newState = raw
        }
        let upstream = body.bool("include_upstream", default: false), downstream = body.bool("include_downstream", default: false)
        _ = body.bool("include_future", default: false)
        _ = body.bool("include_past", default: false)
        if let note = body.string("note"), note.count > 1000 {
            body.issue("note", "string_too_long", "String should have at most 1000 characters", .string(note), ctx: ["max_length": .number(1000)])
        }
        try body.check()
        let view = try await workflow(dagId) { APIError(.notFound, "DAG \($0) not found") }
        guard view.definition.tasks.contains(where: { $0.id == taskId }) else {
            throw APIError(.notFound, "Task '\(taskId)' not found in DAG '\(dagId)'")
        }
        guard let run = try await store.runGetByKey(workflow: dagId, runKey: runId),
              let task = try await store.runTaskInstances(runId: run.id).first(where: { $0.taskId == taskId }) else {
            throw APIError(.notFound, "Task Instance not found for dag_id=\(dagId), run_id=\(runId), task_id=\(taskId)")
        }
        let name = AirflowDAG.displayName(view)
        guard let newState else {
            return try JSONResponse.make(AirflowTaskInstanceCollection(
                task_instances: [AirflowTaskInstance(task, run: run, displayName: name)], total_entries: 1), request: request)
        }
        guard let target = TaskState(rawValue: newState), target == .success || target == .failed else {
            throw APIError(.badRequest, "new_state: Rota can mark a task instance success or failed, not \(newState)")
        }
        let all = try await store.runTaskInstances(runId: run.id)
        let ids = AirflowGraph.select([taskId], in: all, upstream: upstream, downstream: downstream)
        let targets = all.filter { ids.contains($0.taskId) && $0.state != target }
        var changed: [TaskInstanceRecord] = []
        if dryRun {
            changed = targets
        } else {
            if targets.isEmpty { throw APIError(.conflict, "Task id \(taskId) is already in \(newState) state") }
            for task in targets {
                if let updated = try await store.taskSetState(id: task.id, state: target, now: now) { changed.append(updated) }
            }
            wakeWorkers()
        }
        return try JSONResponse.make(AirflowTaskInstanceCollection(
            task_instances: changed.map { AirflowTaskInstance($0, run: run, displayName: name) }, total_entries: changed.count),
            request: request)
    }

    /// `GET …/taskInstances/{task_id}/tries`: one entry per attempt, oldest first.
    func listTries(_ request: Request, _ dagId: String, _ runId: String, _ taskId: String) async throws -> Response {
        let run = try await run(dagId, runId)
        let task = try await taskInstance(run, taskId)
        let name = try await displayName(dagId)
        let tries = try await store.taskAttempts(taskInstanceId: task.id).sorted { $0.attempt < $1.attempt }
            .map { AirflowTaskInstanceTry($0, task: task, run: run, displayName: name) }
        return try JSONResponse.make(AirflowTaskInstanceTryCollection(task_instances: tries, total_entries: tries.count), request: request)
    }

    func displayName(_ dagId: String) async throws -> String {
        (try? await catalog.get(dagId)).map(AirflowDAG.displayName) ?? dagId
    }
}

/// Upstream and downstream closures over the task instances of one run, read from the
/// `upstream` lists stored with each (the run's own copy of the DAG's shape).
enum AirflowGraph {
    static func select(_ roots: [String], in tasks: [TaskInstanceRecord], upstream: Bool, downstream: Bool) -> Set<String> {
        var selected = Set(roots)
        if upstream { selected.formUnion(closure(of: roots) { id in tasks.first { $0.taskId == id }?.upstream ?? [] }) }
        if downstream {
            selected.formUnion(closure(of: roots) { id in tasks.filter { $0.upstream.contains(id) }.map(\.taskId) })
        }
        return selected
    }

    private static func closure(of roots: [String], next: (String) -> [String]) -> Set<String> {
        var seen: Set<String> = []
        var stack = roots
        while let id = stack.popLast() {
            for neighbour in next(id) where seen.insert(neighbour).inserted { stack.append(neighbour) }
        }
        return seen
    }
}
