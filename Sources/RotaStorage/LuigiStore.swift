import Foundation

/// One luigi task as stored: the columns the scheduler indexes, and the rest as a JSON body.
///
/// The luigi state machine (in `RotaLuigi`) owns the meaning of `body`; storage only keeps it.
/// Keeping the record opaque means a new luigi field needs no migration.
public struct LuigiTaskRow: Sendable, Equatable {
    public var taskId: String
    public var status: String
    public var priority: Int64
    /// When the scheduler first saw the task, Unix milliseconds (luigi's `task.time`).
    public var firstSeen: Int64
    public var body: String

    public init(taskId: String, status: String, priority: Int64, firstSeen: Int64, body: String) {
        self.taskId = taskId
        self.status = status
        self.priority = priority
        self.firstSeen = firstSeen
        self.body = body
    }
}

/// One luigi worker as stored: its id, when it was last heard from, and its record as JSON.
public struct LuigiWorkerRow: Sendable, Equatable {
    public var workerId: String
    public var lastActive: Int64
    public var body: String

    public init(workerId: String, lastActive: Int64, body: String) {
        self.workerId = workerId
        self.lastActive = lastActive
        self.body = body
    }
}

/// Everything the luigi scheduler keeps, read once at start.
public struct LuigiSnapshot: Sendable, Equatable {
    public var tasks: [LuigiTaskRow]
    public var workers: [LuigiWorkerRow]
    /// Scheduler-wide values (pause flag, batchers, resource overrides), by key.
    public var meta: [String: String]

    public init(tasks: [LuigiTaskRow] = [], workers: [LuigiWorkerRow] = [], meta: [String: String] = [:]) {
        self.tasks = tasks
        self.workers = workers
        self.meta = meta
    }
}

/// The rows one RPC changed, written in one transaction before the reply goes out.
public struct LuigiChanges: Sendable, Equatable {
    public var upsertTasks: [LuigiTaskRow] = []
    public var deleteTasks: [String] = []
    public var upsertWorkers: [LuigiWorkerRow] = []
    public var deleteWorkers: [String] = []
    public var meta: [String: String] = [:]

    public init() {}

    public var isEmpty: Bool {
        upsertTasks.isEmpty && deleteTasks.isEmpty && upsertWorkers.isEmpty && deleteWorkers.isEmpty && meta.isEmpty
    }
}

/// Durable storage of luigi's central-scheduler state (tasks, workers, scheduler values).
///
/// A separate protocol from `Store` so the luigi face stays out of the core queue's seam; `SQLStore`
/// conforms for both backends. Writes are whole-record upserts keyed by a hash of the luigi id
/// (task ids can be long; indexes hold the 16-character hash).
public protocol LuigiStore: Sendable {
    /// Every stored task, worker and scheduler value.
    func luigiLoad() async throws -> LuigiSnapshot
    /// Applies one batch of changes atomically.
    func luigiApply(_ changes: LuigiChanges) async throws
    /// PENDING task ids, highest priority first, then oldest first (through the status index).
    func luigiPendingOrder(limit: Int) async throws -> [String]
}
