/// A task fully resolved for execution: what to run and how to retry it.
///
/// Stored with each task instance when its run is created, so a worker needs nothing but the row it
/// claimed: no job file, no DAG file, no pickling (the seed's "sync DAGs to every worker" pain).
public struct TaskSpec: Sendable, Equatable, Codable {
    /// `shell`, `http` or `trigger_workflow`.
    public var executor: String
    /// Dkron's `executor_config`: every value a string.
    public var config: [String: String]
    public var retry: RetryPolicy
    /// Extra environment for the process (Dkron adds `ENV_JOB_NAME`).
    public var environment: [String: String]
    /// Luigi-style targets: when every path exists the task is complete without running.
    public var outputs: [String]
    /// Workflow tasks are rendered (`{{ ds }}`, …) just before they run; Dkron jobs are not, so a
    /// literal `{{` in a job's command stays as written.
    public var templated: Bool

    public init(executor: String, config: [String: String], retry: RetryPolicy = RetryPolicy(),
                environment: [String: String] = [:], outputs: [String] = [], templated: Bool = false) {
        self.executor = executor
        self.config = config
        self.retry = retry
        self.environment = environment
        self.outputs = outputs
        self.templated = templated
    }

    private enum CodingKeys: String, CodingKey {
        case executor, config, retry, environment, outputs, templated
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(executor: try c.decode(String.self, forKey: .executor),
                  config: try c.decode([String: String].self, forKey: .config),
                  retry: try c.decode(RetryPolicy.self, forKey: .retry),
                  environment: try c.decodeIfPresent([String: String].self, forKey: .environment) ?? [:],
                  outputs: try c.decodeIfPresent([String].self, forKey: .outputs) ?? [],
                  templated: try c.decodeIfPresent(Bool.self, forKey: .templated) ?? false)
    }
}
