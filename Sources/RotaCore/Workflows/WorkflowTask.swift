/// One task of a stored workflow: what it runs, what it waits for, how it retries.
///
/// The executor config uses the same string-only keys as a Dkron job's `executor_config`
/// (`command`, `url`, `expectCode`, …) so workflow tasks and jobs run through the same executors.
/// Knobs and defaults are Airflow's (`retries` 0, `retry_delay` 300 s, `pool` "default_pool", …)
/// because workflow authors come from Airflow.
public struct WorkflowTask: Sendable, Equatable, Codable {
    /// The executors a workflow task can use.
    public static let executors = ["shell", "http", "trigger_workflow"]

    /// Airflow's retry defaults: no retries, 300 s apart, no backoff, no cap.
    public static let defaultRetry = RetryPolicy(retries: 0, delay: .seconds(300), exponentialBackoff: false, maxDelay: nil)

    public var id: String
    /// `shell`, `http` or `trigger_workflow`.
    public var executor: String
    /// shell: `command`, `cwd`, `shell` ("true": commands run under `/bin/sh -c`).
    /// http: `method`, `url`, `headers` (JSON array of "Name: value"), `body`, `expectCode`,
    /// `expectBody`. trigger_workflow: `workflow`, `conf` (JSON object text), `wait` ("true"/"false").
    /// Values may hold templates, rendered when a task instance runs.
    public var config: [String: String]
    public var environment: [String: String]
    /// Ids of the direct upstream tasks, in file order.
    public var upstream: [String]
    public var triggerRule: TriggerRule
    public var retry: RetryPolicy
    public var executionTimeout: Duration?
    public var pool: String
    public var poolSlots: Int
    public var priorityWeight: Int
    public var queue: String
    public var tags: [String: String]
    /// Luigi-style targets: files (templated paths) the task produces; when all exist the task is
    /// already done and is skipped.
    public var outputs: [String]
    public var notifications: [NotificationRule]

    public init(id: String, executor: String, config: [String: String], environment: [String: String] = [:],
                upstream: [String] = [], triggerRule: TriggerRule = .allSuccess, retry: RetryPolicy = WorkflowTask.defaultRetry,
                executionTimeout: Duration? = nil, pool: String = "default_pool", poolSlots: Int = 1,
                priorityWeight: Int = 1, queue: String = "default", tags: [String: String] = [:],
                outputs: [String] = [], notifications: [NotificationRule] = []) {
        self.id = id
        self.executor = executor
        self.config = config
        self.environment = environment
        self.upstream = upstream
        self.triggerRule = triggerRule
        self.retry = retry
        self.executionTimeout = executionTimeout
        self.pool = pool
        self.poolSlots = poolSlots
        self.priorityWeight = priorityWeight
        self.queue = queue
        self.tags = tags
        self.outputs = outputs
        self.notifications = notifications
    }

    private enum CodingKeys: String, CodingKey {
        case id, executor, config, environment, upstream, triggerRule = "trigger_rule", retry
        case executionTimeoutMs = "execution_timeout_ms", pool, poolSlots = "pool_slots"
        case priorityWeight = "priority_weight", queue, tags, outputs, notifications
    }

    /// Missing keys take their defaults, so definitions stored before a field existed still load.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try c.decode(String.self, forKey: .id),
                  executor: try c.decode(String.self, forKey: .executor),
                  config: try c.decodeIfPresent([String: String].self, forKey: .config) ?? [:])
        environment = try c.decodeIfPresent([String: String].self, forKey: .environment) ?? [:]
        upstream = try c.decodeIfPresent([String].self, forKey: .upstream) ?? []
        triggerRule = try c.decodeIfPresent(TriggerRule.self, forKey: .triggerRule) ?? .allSuccess
        retry = try c.decodeIfPresent(RetryPolicy.self, forKey: .retry) ?? Self.defaultRetry
        executionTimeout = try c.decodeIfPresent(Int64.self, forKey: .executionTimeoutMs).map { .milliseconds($0) }
        pool = try c.decodeIfPresent(String.self, forKey: .pool) ?? "default_pool"
        poolSlots = try c.decodeIfPresent(Int.self, forKey: .poolSlots) ?? 1
        priorityWeight = try c.decodeIfPresent(Int.self, forKey: .priorityWeight) ?? 1
        queue = try c.decodeIfPresent(String.self, forKey: .queue) ?? "default"
        tags = try c.decodeIfPresent([String: String].self, forKey: .tags) ?? [:]
        outputs = try c.decodeIfPresent([String].self, forKey: .outputs) ?? []
        notifications = try c.decodeIfPresent([NotificationRule].self, forKey: .notifications) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(executor, forKey: .executor)
        try c.encode(config, forKey: .config)
        try c.encode(environment, forKey: .environment)
        try c.encode(upstream, forKey: .upstream)
        try c.encode(triggerRule, forKey: .triggerRule)
        try c.encode(retry, forKey: .retry)
        try c.encodeIfPresent(executionTimeout?.milliseconds, forKey: .executionTimeoutMs)
        try c.encode(pool, forKey: .pool)
        try c.encode(poolSlots, forKey: .poolSlots)
        try c.encode(priorityWeight, forKey: .priorityWeight)
        try c.encode(queue, forKey: .queue)
        try c.encode(tags, forKey: .tags)
        try c.encode(outputs, forKey: .outputs)
        try c.encode(notifications, forKey: .notifications)
    }
}
