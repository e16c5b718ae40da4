import Foundation
import RotaCore

/// Airflow's `TaskInstanceResponse` for one task instance, field for field.
///
/// Rota's tries are counted the same way (`try_number` 1 for the first), but its `max_tries` is
/// the total number of tries allowed while Airflow's is the number of *re*tries, so one is taken
/// off. A task instance waiting for its upstreams is `scheduled` in Rota; Airflow would show
/// `null` there, and the client accepts both.
struct AirflowTaskInstance: Encodable, Sendable {
    var id: String
    var task_id: String
    var dag_id: String
    var dag_run_id: String
    var map_index = -1
    @Null var logical_date: String?
    var run_after: String
    @Null var start_date: String?
    @Null var end_date: String?
    @Null var duration: Double?
    @Null var state: String?
    var try_number: Int
    var max_tries: Int
    var task_display_name: String
    var dag_display_name: String
    @Null var hostname: String?
    @Null var unixname: String?
    var pool: String
    var pool_slots: Int
    @Null var queue: String?
    @Null var priority_weight: Int?
    @Null var `operator`: String?
    @Null var operator_name: String?
    @Null var queued_when: String?
    @Null var scheduled_when: String?
    @Null var pid: Int?
    @Null var executor: String?
    var executor_config = "{}"
    @Null var note: String?
    @Null var rendered_map_index: String?
    var rendered_fields: [String: String] = [:]
    @Null var trigger: String?
    @Null var triggerer_job: String?
    @Null var dag_version: String?

    init(_ task: TaskInstanceRecord, run: RunRecord, displayName: String) {
        id = AirflowFormat.uuid(taskInstanceId: task.id)
        task_id = task.taskId
        dag_id = task.workflow
        dag_run_id = run.runKey
        logical_date = AirflowFormat.time(run.logicalDate)
        run_after = RFC3339.formatFractional(AirflowDAGRun.runAfter(run))
        start_date = AirflowFormat.time(task.startedAt)
        end_date = AirflowFormat.time(task.finishedAt)
        duration = AirflowFormat.duration(task.startedAt, task.finishedAt)
        state = task.state.rawValue
        try_number = task.tryNumber
        max_tries = max(0, task.maxTries - 1)
        task_display_name = task.taskId
        dag_display_name = displayName
        hostname = task.node
        pool = task.pool.isEmpty ? "default_pool" : task.pool
        pool_slots = task.poolSlots
        queue = task.queue
        priority_weight = task.priority
        `operator` = AirflowFormat.operatorName(executor: task.spec.executor)
        operator_name = `operator`
    }

    static let states = TaskState.allCases.map(\.rawValue)
}

/// `{"task_instances": [...], "total_entries": N}`.
struct AirflowTaskInstanceCollection: Encodable, Sendable {
    var task_instances: [AirflowTaskInstance]
    var total_entries: Int
}

/// Airflow's `TaskInstanceHistoryResponse`: one try of a task instance, built from its attempt.
struct AirflowTaskInstanceTry: Encodable, Sendable {
    var task_id: String
    var dag_id: String
    var dag_run_id: String
    var map_index = -1
    @Null var start_date: String?
    @Null var end_date: String?
    @Null var duration: Double?
    @Null var state: String?
    var try_number: Int
    var max_tries: Int
    var task_display_name: String
    var dag_display_name: String
    @Null var hostname: String?
    @Null var unixname: String?
    var pool: String
    var pool_slots: Int
    @Null var queue: String?
    @Null var priority_weight: Int?
    @Null var `operator`: String?
    @Null var operator_name: String?
    @Null var queued_when: String?
    @Null var scheduled_when: String?
    @Null var pid: Int?
    @Null var executor: String?
    var executor_config = "{}"
    @Null var dag_version: String?

    init(_ attempt: AttemptRecord, task: TaskInstanceRecord, run: RunRecord, displayName: String) {
        task_id = task.taskId
        dag_id = task.workflow
        dag_run_id = run.runKey
        start_date = AirflowFormat.time(attempt.startedAt)
        end_date = AirflowFormat.time(attempt.finishedAt)
        duration = AirflowFormat.duration(attempt.startedAt, attempt.finishedAt)
        state = attempt.state.rawValue
        try_number = attempt.attempt
        max_tries = max(0, task.maxTries - 1)
        task_display_name = task.taskId
        dag_display_name = displayName
        hostname = attempt.node
        pool = task.pool.isEmpty ? "default_pool" : task.pool
        pool_slots = task.poolSlots
        queue = task.queue
        priority_weight = task.priority
        `operator` = AirflowFormat.operatorName(executor: task.spec.executor)
        operator_name = `operator`
    }
}

/// `{"task_instances": [...], "total_entries": N}` of tries.
struct AirflowTaskInstanceTryCollection: Encodable, Sendable {
    var task_instances: [AirflowTaskInstanceTry]
    var total_entries: Int
}
