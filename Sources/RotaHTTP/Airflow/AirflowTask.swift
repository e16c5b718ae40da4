import Foundation
import RotaCore

/// Airflow's `TaskResponse`: one task of a workflow definition (not a task instance).
///
/// Rota's executors stand in for operators (`shell` is a `BashOperator`, `http` an
/// `HttpOperator`, `trigger_workflow` a `TriggerDagRunOperator`).
struct AirflowTask: Encodable, Sendable {
    /// `retry_exponential_backoff` changed type in Airflow 3.2: a boolean before, the backoff
    /// multiplier after (2 when the delay doubles, 0 when it does not). The generated clients
    /// check it strictly either way, so the older form is sent to clients that say (in their
    /// `User-Agent`, `OpenAPI-Generator/3.1.8/python`) that they were built for Airflow 3.0 or 3.1.
    enum Backoff: Encodable, Sendable {
        case flag(Bool)
        case multiplier(Int)

        init(doubles: Bool, userAgent: String?) {
            let legacy = userAgent.map { $0.hasPrefix("OpenAPI-Generator/3.0.") || $0.hasPrefix("OpenAPI-Generator/3.1.") } ?? false
            self = legacy ? .flag(doubles) : .multiplier(doubles ? 2 : 0)
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .flag(let value): try c.encode(value)
            case .multiplier(let value): try c.encode(value)
            }
        }
    }

    /// Airflow's serialized `timedelta`.
    struct TimeDelta: Encodable, Sendable {
        var __type = "TimeDelta"
        var days: Int
        var seconds: Int
        var microseconds: Int

        init(_ duration: Duration) {
            let total = duration.components.seconds
            days = Int(total / 86_400)
            seconds = Int(total % 86_400)
            microseconds = Int(duration.components.attoseconds / 1_000_000_000_000)
        }
    }

    struct ClassRef: Encodable, Sendable {
        var module_path: String
        var class_name: String
    }

    var task_id: String
    var task_display_name: String
    var owner: String
    @Null var start_date: String?
    @Null var end_date: String?
    var trigger_rule: String
    var depends_on_past = false
    var wait_for_downstream = false
    var retries: Int
    var queue: String
    var pool: String
    var pool_slots: Int
    @Null var execution_timeout: TimeDelta?
    var retry_delay: TimeDelta
    var retry_exponential_backoff: Backoff
    var priority_weight: Int
    var weight_rule = "downstream"
    @Null var ui_color: String?
    @Null var ui_fgcolor: String?
    var template_fields: [String] = []
    var downstream_task_ids: [String]
    @Null var doc_md: String?
    var operator_name: String
    var params: [String: AirflowParam]
    var class_ref: ClassRef
    var is_mapped = false
    var extra_links: [String] = []

    init(_ task: WorkflowTask, in definition: WorkflowDefinition, userAgent: String?) {
        task_id = task.id
        task_display_name = task.id
        owner = AirflowDAG.owner(definition)
        start_date = AirflowFormat.time(definition.startDate)
        end_date = AirflowFormat.time(definition.endDate)
        trigger_rule = task.triggerRule.rawValue
        retries = task.retry.retries
        queue = task.queue
        pool = task.pool
        pool_slots = task.poolSlots
        execution_timeout = task.executionTimeout.map(TimeDelta.init)
        retry_delay = TimeDelta(task.retry.delay)
        retry_exponential_backoff = Backoff(doubles: task.retry.exponentialBackoff, userAgent: userAgent)
        priority_weight = task.priorityWeight
        downstream_task_ids = definition.tasks.filter { $0.upstream.contains(task.id) }.map(\.id)
        operator_name = AirflowFormat.operatorName(executor: task.executor)
        params = Dictionary(definition.params.map { ($0.name, AirflowParam($0)) }, uniquingKeysWith: { a, _ in a })
        class_ref = ClassRef(module_path: Self.module(task.executor), class_name: operator_name)
    }

    static func module(_ executor: String) -> String {
        switch executor {
        case "shell": return "airflow.providers.standard.operators.bash"
        case "http": return "airflow.providers.http.operators.http"
        case "trigger_workflow": return "airflow.providers.standard.operators.trigger_dagrun"
        default: return "rota.executors"
        }
    }
}

/// `{"tasks": [...], "total_entries": N}`.
struct AirflowTaskCollection: Encodable, Sendable {
    var tasks: [AirflowTask]
    var total_entries: Int
}
