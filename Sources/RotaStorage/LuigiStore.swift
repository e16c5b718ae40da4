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

/// The luigi scheduler's state as read from the Store: all of it (`luigiLoad`), or what changed
/// after a generation (`LuigiSession.changes(since:)`, where `removedTasks`/`removedWorkers` say
/// what was deleted meanwhile).
public struct LuigiSnapshot: Sendable, Equatable {
    public var tasks: [LuigiTaskRow]
    public var workers: [LuigiWorkerRow]
    /// Scheduler-wide values (pause flag, batchers, resource overrides), by key.
    public var meta: [String: String]
    /// The generation this state is at: every committed change of luigi state adds one.
    public var generation: Int64
    public var removedTasks: [String]
    public var removedWorkers: [String]

    public init(tasks: [LuigiTaskRow] = [], workers: [LuigiWorkerRow] = [], meta: [String: String] = [:], generation: Int64 = 0,
                removedTasks: [String] = [], removedWorkers: [String] = []) {
        self.tasks = tasks
        self.workers = workers
        self.meta = meta
        self.generation = generation
        self.removedTasks = removedTasks
        self.removedWorkers = removedWorkers
    }
}

/// One event of a luigi task's life (luigi's `task_events`): kept after the task leaves the
/// graph, pruned with the rest of Rota's history by `retention_days`.
public struct LuigiHistoryRow: Sendable, Equatable {
    public var at: Date
    public var taskId: String
    public var family: String
    public var status: String
    /// The worker that caused the change ("" when the scheduler did, e.g. a retry or a prune).
    public var worker: String
    public var host: String

    public init(at: Date, taskId: String, family: String, status: String, worker: String, host: String) {
        self.at = at
        self.taskId = taskId
        self.family = family
        self.status = status
        self.worker = worker
        self.host = host
    }
}

/// The rows one RPC changed, written in one transaction before the reply goes out.
public struct LuigiChanges: Sendable, Equatable {
    public var upsertTasks: [LuigiTaskRow] = []
    public var deleteTasks: [String] = []
    public var upsertWorkers: [LuigiWorkerRow] = []
    public var deleteWorkers: [String] = []
    public var meta: [String: String] = [:]
    public var history: [LuigiHistoryRow] = []

    public init() {}

    public var isEmpty: Bool {
        upsertTasks.isEmpty && deleteTasks.isEmpty && upsertWorkers.isEmpty && deleteWorkers.isEmpty && meta.isEmpty
            && history.isEmpty
    }
}

/// Durable storage of luigi's central-scheduler state (tasks, workers, scheduler values).
///
/// A separate protocol from `Store` so the luigi face stays out of the core queue's seam; `SQLStore`
/// conforms for both backends. Writes are whole-record upserts keyed by a hash of the luigi id
/// (task ids can be long; indexes hold the 16-character hash).
///
/// Several `rota server`s may serve the same graph: each keeps it in memory and serves a call
/// inside `luigiExclusive`, which holds the graph's lock for the call, so the server first catches
/// up with what others committed (`changes(since:)`) and then commits its own changes with the
/// next generation. Luigi's semantics (one task to one worker) then hold across servers without
/// any row-level reasoning in the scheduler.
public protocol LuigiStore: Sendable {
    /// Every stored task, worker and scheduler value, and the generation they are at.
    func luigiLoad() async throws -> LuigiSnapshot
    /// Runs `body` holding the luigi graph's lock, in one transaction committed when it returns.
    func luigiExclusive<T: Sendable>(_ body: @Sendable (any LuigiSession) async throws -> T) async throws -> T
    /// PENDING task ids, highest priority first, then oldest first (through the status index).
    func luigiPendingOrder(limit: Int) async throws -> [String]
    /// A task's events, newest first (all tasks' when `taskId` is nil).
    func luigiHistory(taskId: String?, limit: Int) async throws -> [LuigiHistoryRow]
}

/// The luigi graph while its lock is held (see `LuigiStore.luigiExclusive`).
public protocol LuigiSession: Sendable {
    /// The generation of the stored graph when the lock was taken.
    var generation: Int64 { get }
    /// What changed after `generation`, or nil when the Store no longer remembers every removal
    /// since then (read everything again with `luigiLoad`).
    func changes(since generation: Int64) async throws -> LuigiSnapshot?
    /// Writes one call's changes and returns the new generation.
    func apply(_ changes: LuigiChanges) async throws -> Int64
}

extension LuigiStore {
    /// Applies one batch of changes atomically (outside a scheduler: tests, tools).
    public func luigiApply(_ changes: LuigiChanges) async throws {
        _ = try await luigiExclusive { try await $0.apply(changes) }
    }
}
