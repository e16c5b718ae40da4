import Foundation

/// Status changes with luigi's side effects (`SimpleTaskState.set_status`): failure counting,
/// disabling after excessive failures, batch propagation and the retry clock.
extension LuigiScheduler {
    func defaultRetryPolicy() -> LuigiRetryPolicy {
        LuigiRetryPolicy(retryCount: config.retryCount, disableHardTimeout: config.disableHardTimeout,
                         disableWindow: config.disableWindow)
    }

    func batchRunning(_ batchId: String) -> [String] {
        tasks(in: LuigiStatus.batchRunning).filter { $0.batchId == batchId }.map(\.id).sorted()
    }

    func setStatus(_ id: String, _ requested: String) {
        guard var task = tasks[id] else { return }
        var newStatus = requested
        if newStatus == LuigiStatus.disabled && (task.status == LuigiStatus.running || task.status == LuigiStatus.batchRunning) {
            return
        }
        let removeOnFailure = task.batchId != nil && !task.batchable
        if task.status == LuigiStatus.disabled {
            if newStatus == LuigiStatus.done {
                task.schedulerDisableTime = nil
                task.clearFailures()
            } else if task.schedulerDisableTime != nil && newStatus != LuigiStatus.disabled {
                return
            }
        }
        if task.status == LuigiStatus.running, let batchId = task.batchId, newStatus != LuigiStatus.running {
            tasks[id] = task
            for member in batchRunning(batchId) {
                setStatus(member, newStatus)
                tasks[member]?.batchId = nil
                touch(member)
            }
            task = tasks[id] ?? task
            task.batchId = nil
        }
        if newStatus == LuigiStatus.failed && task.status != LuigiStatus.disabled {
            task.addFailure(now: now)
            if task.hasExcessiveFailures(now: now) {
                task.schedulerDisableTime = now
                newStatus = LuigiStatus.disabled
                logger.warning("luigi task disabled after excessive failures", metadata: ["rota.luigi.task": "\(id)"])
            }
        } else if newStatus == LuigiStatus.disabled {
            task.schedulerDisableTime = nil
        }
        if newStatus != task.status {
            task.status = newStatus
            task.updated = now
        }
        if newStatus == LuigiStatus.failed {
            task.retry = now + config.retryDelay
            if removeOnFailure { task.remove = now }
        }
        tasks[id] = task
        touch(id)
    }

    func reEnable(_ id: String, toFailed: Bool) {
        tasks[id]?.schedulerDisableTime = nil
        tasks[id]?.clearFailures()
        if toFailed {
            setStatus(id, LuigiStatus.failed)
            tasks[id]?.clearFailures()
        }
        touch(id)
    }

    /// Priority only rises, and pushes down to dependencies (luigi's `_update_priority`).
    func raisePriority(_ id: String, to priority: Double) {
        var stack = [(id, priority)]
        while let (current, wanted) = stack.popLast() {
            guard var task = tasks[current] else { continue }
            let prio = max(wanted, task.priority)
            if prio != task.priority {
                task.priority = prio
                tasks[current] = task
                touch(current)
            }
            for dep in task.deps {
                if let depTask = tasks[dep], prio > depTask.priority { stack.append((dep, prio)) }
            }
        }
    }

    /// Marks a worker active now (every call that names a worker does).
    @discardableResult
    func updateWorker(_ id: String, host: String? = nil, getWork: Bool = false) -> LuigiWorker {
        var worker = workers[id] ?? LuigiWorker(id: id, now: now)
        if let host { worker.host = host }
        worker.lastActive = now
        if getWork { worker.lastGetWork = now }
        workers[id] = worker
        touchWorker(id)
        return worker
    }
}
