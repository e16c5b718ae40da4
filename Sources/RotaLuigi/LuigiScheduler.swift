import Foundation
import Logging
import RotaCore
import RotaStorage

/// Luigi's central scheduler (`luigid`'s `Scheduler`), as one actor over a `LuigiStore`.
///
/// The graph is held in memory as a cache of the Store, rebuilt by `load()`; every call that
/// changes something writes the changed records in one transaction before it replies, so a
/// `kill -9` loses nothing a worker was told. Calls run one at a time, like luigid's single thread,
/// which keeps luigi's semantics (no two workers get the same task) without row locks.
public actor LuigiScheduler {
    /// The 39 names of luigi 3.8.1's `RPC_METHODS`; anything else is a 404.
    public static let methods: Set<String> = [
        "prune", "add_task_batcher", "forgive_failures", "mark_as_done", "add_task", "announce_scheduling_failure",
        "add_worker", "disable_worker", "set_worker_processes", "send_scheduler_message",
        "add_scheduler_message_response", "get_scheduler_message_response", "has_task_history", "is_pause_enabled",
        "is_paused", "pause", "unpause", "update_resources", "update_resource", "count_pending", "get_work", "ping",
        "graph", "dep_graph", "inverse_dep_graph", "task_list", "worker_list", "resource_list", "task_search",
        "re_enable_task", "fetch_error", "set_task_status_message", "get_task_status_message",
        "set_task_progress_percentage", "get_task_progress_percentage", "decrease_running_task_resources",
        "get_running_task_resources", "update_metrics_task_started", "report_task_statistics",
    ]

    let store: any LuigiStore
    let config: LuigiConfig
    let clock: @Sendable () -> Date
    let logger: Logger

    var tasks: [String: LuigiTask] = [:]
    var workers: [String: LuigiWorker] = [:]
    /// worker → family → batcher (`add_task_batcher`).
    var batchers: [String: [String: LuigiBatcher]] = [:]
    var paused = false
    /// Limits changed at run time by `update_resource(s)`, over the configured ones.
    var resourceOverrides: [String: Int] = [:]
    /// PENDING tasks by (priority desc, first seen, id): what `get_work` walks instead of sorting.
    var pending = LuigiPendingIndex()
    /// Task ids by status (luigi's `_status_tasks`), so RUNNING-only scans skip the rest.
    var statusIds: [String: Set<String>] = [:]
    var indexedStatus: [String: String] = [:]
    /// Task ids a worker may run (a superset: entries are checked against `task.workers` on read).
    var workerTasks: [String: Set<String>] = [:]
    /// `count_pending`'s numbers per worker, kept as tasks change so `get_work` need not count.
    var workerCounts: [String: LuigiWorkerCounts] = [:]
    private var countedWorkers: [String: [String]] = [:]

    var dirtyTasks: Set<String> = []
    var deletedTasks: Set<String> = []
    var dirtyWorkers: Set<String> = []
    var deletedWorkers: Set<String> = []
    var dirtyMeta = false
    /// Status changes of this call, written to the task history with it.
    var history: [LuigiHistoryRow] = []
    /// The worker named by the call being served ("" while the scheduler acts on its own).
    var eventWorker = ""
    /// The Store generation the in-memory graph reflects.
    var generation: Int64 = 0
    var lastPrune: Double = 0
    var loaded = false
    /// Seconds since the epoch of the call being served (one clock reading per call).
    var now: Double = 0

    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init(store: any LuigiStore, config: LuigiConfig = LuigiConfig(), logger: Logger,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.config = config
        self.logger = logger
        self.clock = clock
    }

    /// Serves one RPC: `data` is the JSON object of keyword arguments; the result is what goes in
    /// `{"response": …}`.
    ///
    /// - Throws: `LuigiError` for an unknown method or bad arguments; the Store's error when the
    ///   change could not be saved (the in-memory graph is then reloaded from the Store).
    public func call(_ method: String, _ data: JSONValue) async throws -> JSONValue {
        guard Self.methods.contains(method) else { throw LuigiError.unknownMethod(method) }
        guard case .object(let values) = data else {
            throw LuigiError.badArguments("\(method): data must be a JSON object of keyword arguments, got \(data.kindName)")
        }
        await acquire()
        defer { release() }
        if !loaded { try await load() }
        let outcome: Result<JSONValue, any Error>
        do {
            outcome = try await store.luigiExclusive { session in try await self.serve(method, values, in: session) }
        } catch {
            loaded = false
            clearDirty()
            logger.error("luigi state not saved; reloading from the store", metadata: ["rota.error": "\(error)"])
            throw error
        }
        return try outcome.get()
    }

    /// One call with the graph's lock held: catch up with other servers' changes, run the method,
    /// write what it changed (also when it failed on its arguments after refreshing the worker).
    private func serve(_ method: String, _ values: [String: JSONValue], in session: any LuigiSession) async throws
        -> Result<JSONValue, any Error> {
        try await catchUp(session)
        now = clock().timeIntervalSince1970
        let outcome: Result<JSONValue, any Error>
        do {
            eventWorker = ""
            if now - lastPrune >= pruneEvery && method != "prune" {
                pruneGraph()
            }
            eventWorker = values["worker"]?.stringValue ?? ""
            outcome = .success(try dispatch(LuigiArgs(method: method, values: values)))
        } catch {
            outcome = .failure(error)
        }
        generation = try await session.apply(try takeChanges())
        return outcome
    }

    /// luigid prunes every 60 s; a shorter `retry_delay` shortens it, so retries are not late by a minute.
    public var pruneEvery: Double { config.retryDelay >= 0 ? min(config.pruneInterval, max(1, config.retryDelay)) : config.pruneInterval }

    /// Reads the whole graph from the Store (at start, and after a failed write).
    public func load() async throws {
        let snapshot = try await store.luigiLoad()
        let decoder = LuigiCoding.decoder
        tasks = [:]
        workers = [:]
        pending = LuigiPendingIndex()
        statusIds = [:]
        indexedStatus = [:]
        workerTasks = [:]
        workerCounts = [:]
        countedWorkers = [:]
        for row in snapshot.tasks {
            do {
                let task = try decoder.decode(LuigiTask.self, from: Data(row.body.utf8))
                tasks[task.id] = task
                reindex(task.id)
            } catch {
                logger.error("luigi task skipped: unreadable record", metadata: ["rota.luigi.task": "\(row.taskId)"])
            }
        }
        // Rota's own downtime does not count against workers: each gets a full
        // worker_disconnect_delay from now to ping again before it is pruned.
        let loadedAt = clock().timeIntervalSince1970
        for row in snapshot.workers {
            if var worker = try? decoder.decode(LuigiWorker.self, from: Data(row.body.utf8)) {
                worker.lastActive = max(worker.lastActive, loadedAt)
                workers[worker.id] = worker
            }
        }
        applyMeta(snapshot.meta)
        generation = snapshot.generation
        clearDirty()
        loaded = true
    }

    // MARK: Change tracking

    /// Records that `id` changed: it is saved at the end of the call and re-placed in the index;
    /// a new status is an event in the task's history.
    func touch(_ id: String) {
        dirtyTasks.insert(id)
        deletedTasks.remove(id)
        if let task = tasks[id], indexedStatus[id] != task.status { recordEvent(task) }
        reindex(id)
    }

    /// Re-places `id` in the pending order, the status sets and its workers' sets.
    func reindex(_ id: String) {
        pending.remove(id)
        if let old = indexedStatus.removeValue(forKey: id) { statusIds[old]?.remove(id) }
        if let old = countedWorkers.removeValue(forKey: id) { count(old, -1) }
        guard let task = tasks[id] else { return }
        if task.status == LuigiStatus.pending || task.status == LuigiStatus.failed {
            count(task.workers, 1)
            countedWorkers[id] = task.workers
        }
        if task.status == LuigiStatus.pending { pending.insert(task) }
        statusIds[task.status, default: []].insert(id)
        indexedStatus[id] = task.status
        for worker in task.workers { workerTasks[worker, default: []].insert(id) }
    }

    /// Adds (or with -1 removes) one PENDING/FAILED task's share of its workers' counts.
    private func count(_ ids: [String], _ delta: Int) {
        for worker in ids { workerCounts[worker, default: LuigiWorkerCounts()].pending += delta }
        if ids.count == 1 { workerCounts[ids[0], default: LuigiWorkerCounts()].unique += delta }
        if let last = ids.last { workerCounts[last, default: LuigiWorkerCounts()].lastScheduled += delta }
    }

    /// The tasks in `status`, through the status index.
    func tasks(in status: String) -> [LuigiTask] {
        (statusIds[status] ?? []).compactMap { tasks[$0] }
    }

    /// The tasks `worker` may run, through the per-worker index.
    func tasks(of worker: String) -> [LuigiTask] {
        (workerTasks[worker] ?? []).compactMap { tasks[$0] }.filter { $0.workers.contains(worker) }
    }

    func touchWorker(_ id: String) {
        dirtyWorkers.insert(id)
        deletedWorkers.remove(id)
    }

    func deleteTask(_ id: String) {
        tasks[id] = nil
        reindex(id)
        dirtyTasks.remove(id)
        deletedTasks.insert(id)
    }

    func deleteWorker(_ id: String) {
        workers[id] = nil
        workerTasks[id] = nil
        dirtyWorkers.remove(id)
        deletedWorkers.insert(id)
    }

    func clearDirty() {
        history = []
        dirtyTasks = []
        deletedTasks = []
        dirtyWorkers = []
        deletedWorkers = []
        dirtyMeta = false
    }

    /// What this call changed, as rows for the Store; the change sets are emptied.
    private func takeChanges() throws -> LuigiChanges {
        var changes = LuigiChanges()
        let encoder = LuigiCoding.encoder
        for id in dirtyTasks.sorted() {
            guard let task = tasks[id] else { continue }
            let body = String(decoding: try encoder.encode(task), as: UTF8.self)
            changes.upsertTasks.append(LuigiTaskRow(
                taskId: id, status: task.status, priority: Int64(task.priority.clamped.rounded(.down)),
                firstSeen: Int64(task.time * 1000), body: body))
        }
        changes.deleteTasks = deletedTasks.sorted()
        for id in dirtyWorkers.sorted() {
            guard let worker = workers[id] else { continue }
            changes.upsertWorkers.append(LuigiWorkerRow(workerId: id, lastActive: Int64(worker.lastActive * 1000),
                                                        body: String(decoding: try encoder.encode(worker), as: UTF8.self)))
        }
        changes.deleteWorkers = deletedWorkers.sorted()
        if dirtyMeta {
            changes.meta["paused"] = paused ? "1" : "0"
            changes.meta["batchers"] = String(decoding: try encoder.encode(batchers), as: UTF8.self)
            changes.meta["resources"] = String(decoding: try encoder.encode(resourceOverrides), as: UTF8.self)
        }
        changes.history = history
        clearDirty()
        return changes
    }

    private func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
    }
}

/// A worker's PENDING/FAILED tasks: all, those only it can run, those it offered last.
struct LuigiWorkerCounts: Equatable {
    var pending = 0
    var unique = 0
    var lastScheduled = 0
}

/// `add_task_batcher`: which params of a family a worker can run as one batch, and how many.
struct LuigiBatcher: Codable, Sendable, Equatable {
    var args: [String]
    var maxBatchSize: Double
}

extension Double {
    /// Kept inside Int's range (priorities can be any float in luigi).
    var clamped: Double { Swift.min(Swift.max(self.isNaN ? 0 : self, -9e15), 9e15) }
}
