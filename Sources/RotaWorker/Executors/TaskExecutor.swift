import RotaCore

/// What an executor is asked to run: the resolved spec plus who is running it.
public struct ExecutionRequest: Sendable {
    public var workflow: String
    public var taskId: String
    public var attempt: Int
    public var spec: TaskSpec

    public init(workflow: String, taskId: String, attempt: Int, spec: TaskSpec) {
        self.workflow = workflow
        self.taskId = taskId
        self.attempt = attempt
        self.spec = spec
    }
}

/// How an execution ended, as the executor saw it.
public struct ExecutionResult: Sendable, Equatable {
    public var succeeded: Bool
    public var exitCode: Int?
    /// Why it failed when the exit code does not say ("timed out after 5s", "command not found").
    public var reason: String
    /// Set when the run was stopped because the worker is shutting down.
    public var interrupted: Bool
    /// The JSON value the task wrote to `$ROTA_RESULT` (workflows' small result passing).
    public var result: String?

    public init(succeeded: Bool, exitCode: Int?, reason: String = "", interrupted: Bool = false, result: String? = nil) {
        self.succeeded = succeeded
        self.exitCode = exitCode
        self.reason = reason
        self.interrupted = interrupted
        self.result = result
    }
}

/// Runs one kind of task (`shell`, `http`). Output goes to `output` as it arrives; the caller
/// keeps the bounded tail and stores it. Cancellation of the calling task means "stop now": the
/// executor must end what it started and return (with `interrupted = true`), not throw.
public protocol TaskExecutor: Sendable {
    func execute(_ request: ExecutionRequest, output: OutputCollector) async -> ExecutionResult
}
