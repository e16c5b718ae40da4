import Foundation

/// One try of a task instance: what Dkron calls an execution.
public struct AttemptRecord: Sendable, Equatable {
    public var id: Int64
    public var taskInstanceId: Int64
    public var runId: Int64
    public var workflow: String
    public var taskId: String
    /// 1 for the first try, then 2, 3… on retries (Dkron's `attempt`).
    public var attempt: Int
    public var node: String
    public var state: AttemptState
    public var startedAt: Date
    public var finishedAt: Date?
    public var exitCode: Int?
    /// The tail of the combined stdout and stderr.
    public var output: String
    public var outputTruncated: Bool
    /// Why the attempt ended the way it did when the exit code alone does not say
    /// ("timed out after 5s", "interrupted: rota stopped while the task was running").
    public var reason: String

    public init(id: Int64, taskInstanceId: Int64, runId: Int64, workflow: String, taskId: String, attempt: Int,
                node: String, state: AttemptState, startedAt: Date, finishedAt: Date?, exitCode: Int?,
                output: String, outputTruncated: Bool, reason: String) {
        self.id = id
        self.taskInstanceId = taskInstanceId
        self.runId = runId
        self.workflow = workflow
        self.taskId = taskId
        self.attempt = attempt
        self.node = node
        self.state = state
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.exitCode = exitCode
        self.output = output
        self.outputTruncated = outputTruncated
        self.reason = reason
    }
}
