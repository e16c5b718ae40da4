/// A task fully resolved for execution: what to run and how to retry it.
///
/// Stored with each task instance when its run is created, so a worker needs nothing but the row it
/// claimed: no job file, no DAG file, no pickling (the seed's "sync DAGs to every worker" pain).
public struct TaskSpec: Sendable, Equatable, Codable {
    /// `shell` or `http`.
    public var executor: String
    /// Dkron's `executor_config`: every value a string.
    public var config: [String: String]
    public var retry: RetryPolicy
    /// Extra environment for the process (Dkron adds `ENV_JOB_NAME`).
    public var environment: [String: String]

    public init(executor: String, config: [String: String], retry: RetryPolicy = RetryPolicy(),
                environment: [String: String] = [:]) {
        self.executor = executor
        self.config = config
        self.retry = retry
        self.environment = environment
    }
}
