import RotaCore

/// The task settings that `defaults:` (Airflow's `default_args`) may give and a task may override.
///
/// Every field is optional: nil means "not said here", so a task's own value wins, then the
/// workflow's default, then Airflow's default.
struct TaskKnobs {
    static let fields = [
        "retries", "retry_delay", "retry_exponential_backoff", "max_retry_delay", "execution_timeout", "pool",
        "pool_slots", "priority_weight", "queue", "trigger_rule", "env", "cwd",
    ]

    var retries: Int?
    var retryDelay: Duration?
    var exponentialBackoff: Bool?
    var maxRetryDelay: Duration?
    var executionTimeout: Duration?
    var pool: String?
    var poolSlots: Int?
    var priorityWeight: Int?
    var queue: String?
    var triggerRule: TriggerRule?
    var env: [String: String]?
    var cwd: String?

    /// These settings, with `defaults` filling what they leave unsaid; `env` merges by name (the
    /// task's value wins).
    func over(_ defaults: TaskKnobs) -> TaskKnobs {
        var merged = self
        merged.retries = retries ?? defaults.retries
        merged.retryDelay = retryDelay ?? defaults.retryDelay
        merged.exponentialBackoff = exponentialBackoff ?? defaults.exponentialBackoff
        merged.maxRetryDelay = maxRetryDelay ?? defaults.maxRetryDelay
        merged.executionTimeout = executionTimeout ?? defaults.executionTimeout
        merged.pool = pool ?? defaults.pool
        merged.poolSlots = poolSlots ?? defaults.poolSlots
        merged.priorityWeight = priorityWeight ?? defaults.priorityWeight
        merged.queue = queue ?? defaults.queue
        merged.triggerRule = triggerRule ?? defaults.triggerRule
        if let base = defaults.env { merged.env = base.merging(env ?? [:]) { $1 } }
        merged.cwd = cwd ?? defaults.cwd
        return merged
    }

    /// The retry policy these settings describe, on Airflow's defaults.
    var retryPolicy: RetryPolicy {
        let base = WorkflowTask.defaultRetry
        return RetryPolicy(retries: retries ?? base.retries, delay: retryDelay ?? base.delay,
                           exponentialBackoff: exponentialBackoff ?? base.exponentialBackoff,
                           maxDelay: maxRetryDelay ?? base.maxDelay)
    }
}
