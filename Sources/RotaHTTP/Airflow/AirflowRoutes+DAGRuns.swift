import Foundation
import Hummingbird
import RotaCore
import RotaEngine
import RotaStorage

/// DAG runs: list, read, trigger, mark, clear.
extension AirflowRoutes {
    static let runSort = AirflowSort<RunRecord>(
        fields: [
            "id": { .int($0.id) }, "state": { .text($0.state.rawValue) }, "dag_id": { .text($0.workflow) },
            "run_id": { .text($0.runKey) }, "dag_run_id": { .text($0.runKey) }, "logical_date": { .date($0.logicalDate) },
            "run_after": { .date(AirflowDAGRun.runAfter($0)) }, "start_date": { .date($0.startedAt) },
            "end_date": { .date($0.finishedAt) }, "updated_at": { .date($0.finishedAt ?? $0.startedAt ?? $0.createdAt) },
            "conf": { .text($0.conf) },
            "duration": { AirflowFormat.duration($0.startedAt, $0.finishedAt).map { .number($0) } ?? .absent },
        ],
        primary: { .int($0.id) }, fallback: "id")

    /// `GET /dags/{dag_id}/dagRuns` (`~` for every DAG).
    func listRuns(_ request: Request, _ dagId: String) async throws -> Response {
        var query = AirflowQuery(request)
        let (limit, offset) = query.page()
        let states = query.enumList("state", allowed: AirflowDAGRun.states).compactMap(RunState.init(rawValue:))
        let types = Set(query.enumList("run_type", allowed: AirflowDAGRun.runTypes))
        let logical = query.range("logical_date"), started = query.range("start_date"), ended = query.range("end_date")
        let after = query.range("run_after")
        try query.check()
        let views = try await workflowsById()
        if dagId != "~", views[dagId] == nil { throw AirflowMessage.dagNotFound(dagId) }
        let pattern = query.string("run_id_pattern")
        let runs = try await runs(of: dagId, states: states).filter { run in
            (types.isEmpty || types.contains(AirflowDAGRun.runType(run.trigger)))
                && logical(run.logicalDate.timeIntervalSince1970) && started(run.startedAt?.timeIntervalSince1970)
                && ended(run.finishedAt?.timeIntervalSince1970) && after(AirflowDAGRun.runAfter(run).timeIntervalSince1970)
                && (pattern.map { airflowLike(run.runKey, pattern: $0) } ?? true)
        }
        let sorted = try Self.runSort.apply(runs, orderBy: query.list("order_by"))
        let page = airflowPage(sorted, limit: limit, offset: offset).map { run in
            AirflowDAGRun(run, displayName: views[run.workflow].map(AirflowDAG.displayName) ?? run.workflow)
        }
        return try JSONResponse.make(AirflowDAGRunCollection(dag_runs: page, total_entries: sorted.count), request: request)
    }

    func getRun(_ request: Request, _ dagId: String, _ runId: String) async throws -> Response {
        let run = try await run(dagId, runId)
        return try JSONResponse.make(try await response(run), request: request)
    }

    static let triggerFields: Set<String> = ["dag_run_id", "data_interval_start", "data_interval_end", "logical_date",
                                             "run_after", "conf", "note", "partition_key"]

    /// `POST /dags/{dag_id}/dagRuns` with Airflow's `TriggerDAGRunPostBody`; 200 with the run.
    ///
    /// `logical_date` must be present but may be null (the run then gets the trigger time, as
    /// Rota's runs always have a logical date). `conf` is checked against the DAG's params by the
    /// catalog: a bad value is a 400 naming the param, as Airflow's `ParamValidationError` is.
    func triggerRun(_ request: Request, _ dagId: String) async throws -> Response {
        var body = try await AirflowBody.read(request, allowed: Self.triggerFields)
        body.require("logical_date")
        let runId = body.string("dag_run_id")
        let logicalDate = body.date("logical_date")
        let start = body.date("data_interval_start"), end = body.date("data_interval_end")
        _ = body.date("run_after")
        let conf = body.object("conf")
        _ = body.string("note")
        _ = body.string("partition_key")
        if body.has("data_interval_start") != body.has("data_interval_end") || (start == nil) != (end == nil) {
            body.fail("Either both data_interval_start and data_interval_end must be provided or both must be None")
        }
        try body.check()
        let view = try await workflow(dagId) { APIError(.notFound, "DAG with dag_id: '\($0)' not found") }
        guard view.record.active else { throw APIError(.notFound, "DAG with dag_id: '\(dagId)' not found") }
        let interval = start.flatMap { s in end.map { DataInterval(start: s, end: $0) } }
        // `rota dags backfill` names its runs `backfill__<logical date>`; they are backfill runs.
        let kind: RunRecord.Trigger = runId?.hasPrefix("backfill__") == true ? .backfill : .manual
        let run = try await catalog.trigger(dagId, conf: conf.map { .object($0) }, logicalDate: logicalDate, runKey: runId,
                                            interval: interval, trigger: kind)
        return try JSONResponse.make(AirflowDAGRun(run, displayName: AirflowDAG.displayName(view)), request: request)
    }

    /// `PATCH …/dagRuns/{id}`: `state` success or failed (their unfinished task instances follow);
    /// `queued` is refused, since Rota re-runs by clearing task instances instead.
    func patchRun(_ request: Request, _ dagId: String, _ runId: String) async throws -> Response {
        var body = try await AirflowBody.read(request, allowed: ["state", "note"])
        let state = body.choice("state", ["queued", "success", "failed"])
        if let note = body.string("note"), note.count > 1000 {
            body.issue("note", "string_too_long", "String should have at most 1000 characters", .string(note), ctx: ["max_length": .number(1000)])
        }
        try body.check()
        let mask = Set(AirflowQuery(request).list("update_mask"))
        var run = try await run(dagId, runId)
        if let state, mask.isEmpty || mask.contains("state") {
            guard let target = RunState(rawValue: state), target.isFinal else {
                throw APIError(.badRequest, "state: a run can be marked success or failed; to run it again, clear its task instances")
            }
            guard let updated = try await store.runSetState(id: run.id, state: target, now: now) else {
                throw AirflowMessage.runNotFound(dagId, runId)
            }
            run = updated
            wakeWorkers()
        }
        return try JSONResponse.make(try await response(run), request: request)
    }

    /// `POST …/dagRuns/{id}/clear`: a dry run (the default) lists what would be cleared; otherwise
    /// the task instances go back to `scheduled` and the run is answered.
    func clearRun(_ request: Request, _ dagId: String, _ runId: String) async throws -> Response {
        var body = try await AirflowBody.read(request, allowed: ["dry_run", "only_failed", "only_new", "run_on_latest_version", "note"])
        let dryRun = body.bool("dry_run", default: true)
        let onlyFailed = body.bool("only_failed", default: false)
        _ = body.bool("only_new", default: false)
        _ = body.bool("run_on_latest_version", default: false)
        _ = body.string("note")
        try body.check()
        let view = try await workflow(dagId) { APIError(.notFound, "Dag with id \($0) was not found") }
        let run = try await run(dagId, runId)
        let name = AirflowDAG.displayName(view)
        if dryRun {
            let tasks = try await store.runTaskInstances(runId: run.id).filter { Self.clearable($0, onlyFailed: onlyFailed) }
            return try JSONResponse.make(AirflowTaskInstanceCollection(
                task_instances: tasks.map { AirflowTaskInstance($0, run: run, displayName: name) }, total_entries: tasks.count),
                request: request)
        }
        _ = try await store.taskClear(TaskClearParams(runId: run.id, taskIds: [], includeDownstream: false, onlyFailed: onlyFailed, now: now))
        wakeWorkers()
        return try JSONResponse.make(AirflowDAGRun(try await self.run(dagId, runId), displayName: name), request: request)
    }

    /// What a clear touches: everything but running task instances (Rota never interrupts one), and
    /// with `only_failed` just `failed` and `upstream_failed`.
    static func clearable(_ task: TaskInstanceRecord, onlyFailed: Bool) -> Bool {
        task.state != .running && (!onlyFailed || task.state == .failed || task.state == .upstreamFailed)
    }

    func response(_ run: RunRecord) async throws -> AirflowDAGRun {
        let name = (try? await catalog.get(run.workflow)).map(AirflowDAG.displayName) ?? run.workflow
        return AirflowDAGRun(run, displayName: name)
    }
}
