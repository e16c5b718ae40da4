import Foundation
import RotaCore
import RotaStorage

/// Keeping the in-memory graph equal to the Store's when several servers serve it, and the
/// history each status change leaves.
extension LuigiScheduler {
    /// Applies what other servers committed since the generation this one holds; a server that
    /// fell too far behind (or a Store restored from a backup) reads everything again.
    func catchUp(_ session: any LuigiSession) async throws {
        guard session.generation != generation else { return }
        guard let delta = try await session.changes(since: generation) else {
            logger.info("luigi graph reloaded from the store", metadata: ["rota.luigi.generation": "\(session.generation)"])
            try await load()  // the lock is held, so the snapshot is at `session.generation`
            return
        }
        let decoder = LuigiCoding.decoder
        for row in delta.tasks {
            guard let task = try? decoder.decode(LuigiTask.self, from: Data(row.body.utf8)) else {
                logger.error("luigi task skipped: unreadable record", metadata: ["rota.luigi.task": "\(row.taskId)"])
                continue
            }
            tasks[task.id] = task
            reindex(task.id)
        }
        for id in delta.removedTasks where tasks[id] != nil {
            tasks[id] = nil
            reindex(id)
        }
        for row in delta.workers {
            if let worker = try? decoder.decode(LuigiWorker.self, from: Data(row.body.utf8)) { workers[worker.id] = worker }
        }
        for id in delta.removedWorkers {
            workers[id] = nil
            workerTasks[id] = nil
        }
        applyMeta(delta.meta)
        generation = delta.generation
    }

    /// The scheduler-wide values as stored: pause flag, batchers, limits set at run time.
    func applyMeta(_ meta: [String: String]) {
        let decoder = LuigiCoding.decoder
        paused = meta["paused"] == "1"
        batchers = meta["batchers"].flatMap { try? decoder.decode([String: [String: LuigiBatcher]].self, from: Data($0.utf8)) } ?? [:]
        resourceOverrides = meta["resources"].flatMap { try? decoder.decode([String: Int].self, from: Data($0.utf8)) } ?? [:]
    }

    /// One history event: `task` reached its current status, caused by the worker of this call
    /// (the running worker for RUNNING, none for the scheduler's own retries and prunes).
    func recordEvent(_ task: LuigiTask) {
        let worker = task.status == LuigiStatus.running ? (task.workerRunning ?? eventWorker) : eventWorker
        history.append(LuigiHistoryRow(at: Date(timeIntervalSince1970: now), taskId: task.id, family: task.family,
                                       status: task.status, worker: worker, host: workers[worker]?.host ?? ""))
    }
}

extension LuigiScheduler {
    /// A task's status changes, newest first (every task's when `taskId` is nil), from the Store:
    /// they outlive the task's place in the graph.
    public func history(taskId: String?, limit: Int) async throws -> [LuigiHistoryRow] {
        try await store.luigiHistory(taskId: taskId, limit: limit)
    }
}
