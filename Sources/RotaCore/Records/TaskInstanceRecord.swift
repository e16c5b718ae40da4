import Foundation

/// One task inside one run: the unit the queue hands to workers.
public struct TaskInstanceRecord: Sendable, Equatable {
    public var id: Int64
    public var runId: Int64
    public var workflow: String
    public var taskId: String
    public var state: TaskState
    /// The try in progress or last made (0 before the first claim).
    public var tryNumber: Int
    public var spec: TaskSpec
    public var priority: Int
    public var queue: String
    public var readyAt: Date
    public var node: String?
    public var upstream: [String] = []
    /// Airflow's trigger rule name (`all_success` unless the definition says otherwise).
    public var triggerRule: String = "all_success"
    /// Tries allowed in total; raised when a user clears the task instance.
    public var maxTries: Int = 1
    /// "" for no pool (jobs), else a row of `pools`.
    public var pool: String = ""
    public var poolSlots: Int = 1
    public var startedAt: Date?
    public var finishedAt: Date?
    /// The small JSON value the task wrote to `$ROTA_RESULT` (Airflow's XCom return value).
    public var result: String?

    public init(id: Int64, runId: Int64, workflow: String, taskId: String, state: TaskState, tryNumber: Int,
                spec: TaskSpec, priority: Int, queue: String, readyAt: Date, node: String?) {
        self.id = id
        self.runId = runId
        self.workflow = workflow
        self.taskId = taskId
        self.state = state
        self.tryNumber = tryNumber
        self.spec = spec
        self.priority = priority
        self.queue = queue
        self.readyAt = readyAt
        self.node = node
    }
}

/// A task instance a worker has just claimed, with the attempt row that records this try.
public struct ClaimedTask: Sendable, Equatable {
    public var task: TaskInstanceRecord
    public var attemptId: Int64
    public var startedAt: Date

    public init(task: TaskInstanceRecord, attemptId: Int64, startedAt: Date) {
        self.task = task
        self.attemptId = attemptId
        self.startedAt = startedAt
    }
}
