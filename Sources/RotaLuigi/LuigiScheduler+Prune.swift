import Foundation

/// `prune`: forgets silent workers, fails tasks their runner abandoned, retries FAILED tasks whose
/// delay passed, re-enables expired disables and drops tasks nobody wants (luigi's `prune`).
extension LuigiScheduler {
    func pruneGraph() {
        lastPrune = now
        let gone = workers.values.filter { $0.lastActive + config.workerDisconnectDelay < now }.map(\.id)
        if !gone.isEmpty {
            let goneSet = Set(gone)
            for id in gone {
                logger.info("luigi worker timed out", metadata: ["rota.luigi.worker": "\(id)"])
                deleteWorker(id)
                batchers[id] = nil
                dirtyMeta = true
            }
            for (id, task) in tasks where !task.stakeholders.isDisjoint(with: goneSet) || task.workers.contains(where: goneSet.contains) {
                tasks[id]?.stakeholders.subtract(goneSet)
                tasks[id]?.workers.removeAll { goneSet.contains($0) }
                touch(id)
            }
        }
        let assistants = Set(workers.values.filter(\.assistant).map(\.id))
        var remove: [String] = []
        for id in tasks.keys.sorted() {
            guard let task = tasks[id] else { continue }
            if task.status == LuigiStatus.running || task.status == LuigiStatus.batchRunning,
               let runner = task.workerRunning, !task.stakeholders.contains(runner), !assistants.contains(runner) {
                logger.info("luigi task was running on a disconnected worker; marking it FAILED",
                            metadata: ["rota.luigi.task": "\(id)", "rota.luigi.worker": "\(runner)"])
                tasks[id]?.workerRunning = nil
                setStatus(id, LuigiStatus.failed)
                tasks[id]?.retry = now + config.retryDelay
            }
            guard var current = tasks[id] else { continue }
            var changed = false
            if current.stakeholders.isEmpty && current.remove == nil && current.status != LuigiStatus.running {
                current.remove = now + config.removeDelay
                changed = true
            }
            if changed {
                tasks[id] = current
                touch(id)
            }
            if current.status == LuigiStatus.disabled, let disabledAt = current.schedulerDisableTime,
               now - disabledAt > config.disablePersist {
                reEnable(id, toFailed: true)
            }
            if let task = tasks[id], task.status == LuigiStatus.failed, config.retryDelay >= 0, (task.retry ?? 0) < now {
                setStatus(id, LuigiStatus.pending)
            }
            if let removeAt = tasks[id]?.remove, now >= removeAt { remove.append(id) }
        }
        for id in remove {
            logger.debug("luigi task removed", metadata: ["rota.luigi.task": "\(id)"])
            deleteTask(id)
        }
    }
}
