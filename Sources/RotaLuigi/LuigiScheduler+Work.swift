import Foundation
import RotaCore

/// `get_work` and `count_pending`: handing out the next task, with luigid's resource accounting.
extension LuigiScheduler {
    var resourceLimits: [String: Int] { config.resources.merging(resourceOverrides) { $1 } }

    func hasResources(_ needed: [String: Int], _ used: [String: Int]) -> Bool {
        let limits = resourceLimits
        for (name, amount) in needed where amount + (used[name] ?? 0) > (limits[name] ?? 1) { return false }
        return true
    }

    func usedResources() -> [String: Int] {
        var used: [String: Int] = [:]
        for task in tasks(in: LuigiStatus.running) {
            for (name, amount) in task.resourcesRunning ?? task.resources { used[name, default: 0] += amount }
        }
        return used
    }

    func schedulable(_ task: LuigiTask) -> Bool {
        task.status == LuigiStatus.pending && task.deps.allSatisfy { tasks[$0]?.status == LuigiStatus.done }
    }

    func getWork(_ a: LuigiArgs) throws(LuigiError) -> JSONValue {
        if config.pruneOnGetWork { pruneGraph() }
        let workerId = try a.requiredString("worker")
        let host = try a.string("host")
        let assistant = try a.bool("assistant") ?? false
        let currentTasks = try a.stringList("current_tasks")
        var worker = updateWorker(workerId, host: host, getWork: true)
        if worker.disabled {
            return .object(["n_pending_tasks": .number(0), "running_tasks": .array([]), "task_id": .null,
                            "n_unique_pending": .number(0), "worker_state": .string(worker.state)])
        }
        if assistant {
            worker.info["assistant"] = .bool(true)
            workers[workerId] = worker
            touchWorker(workerId)
        }

        var best: LuigiTask?
        if let currentTasks {
            // A reply this worker never received: give its RUNNING task out again.
            let listed = Set(currentTasks)
            let lost = tasks(in: LuigiStatus.running).filter { $0.workerRunning == workerId && !listed.contains($0.id) }
            best = lost.min { LuigiPendingIndex.Key(priority: $0.priority, time: $0.time, id: $0.id)
                < LuigiPendingIndex.Key(priority: $1.priority, time: $1.time, id: $1.id) }
            resetOrphanedBatches(workerId)
        }

        var batchArgs: [String] = []
        var batchValues: [String: [JSONValue]] = [:]
        var unbatched: [String: JSONValue] = [:]
        var batched: [LuigiTask] = []
        var maxBatch: Double = 1
        if !paused && best == nil {
            let used = usedResources()
            var greedyResources = used
            var greedyWorkers: [String: Int] = [:]
            let activeSince = now - config.workerDisconnectDelay
            for w in workers.values where (w.lastGetWork ?? -Double.infinity) > activeSince { greedyWorkers[w.id] = w.slots }
            for task in tasks(in: LuigiStatus.running) {
                if let runner = task.workerRunning, greedyWorkers[runner] != nil { greedyWorkers[runner]! -= 1 }
            }
            for id in pending.ids {
                guard let task = tasks[id] else { continue }
                if let chosen = best {
                    guard !batchArgs.isEmpty, Double(batched.count) < maxBatch else { break }
                    if task.family == chosen.family, task.batchable, task.resources == chosen.resources,
                       unbatched.allSatisfy({ task.params[$0.key] == $0.value }), schedulable(task) {
                        for name in batchArgs { batchValues[name, default: []].append(task.params[name] ?? .null) }
                        batched.append(task)
                    }
                    continue
                }
                guard schedulable(task), hasResources(task.resources, greedyResources) else { continue }
                let inWorkers = (assistant && task.runnable) || task.workers.contains(workerId)
                if inWorkers && hasResources(task.resources, used) {
                    best = task
                    if let batcher = batchers[workerId]?[task.family], task.batchable,
                       batcher.args.allSatisfy({ task.params[$0] != nil }) {
                        batchArgs = batcher.args
                        maxBatch = batcher.maxBatchSize
                        for name in batchArgs { batchValues[name] = [task.params[name] ?? .null] }
                        unbatched = task.params.filter { !batchArgs.contains($0.key) }
                        batched = [task]
                    }
                } else {
                    // Reserve a slot and the resources for a worker that could run it.
                    for candidate in task.workers + (assistant ? [workerId] : []) where (greedyWorkers[candidate] ?? 0) > 0 {
                        greedyWorkers[candidate]! -= 1
                        for (name, amount) in task.resources { greedyResources[name, default: 0] += amount }
                        break
                    }
                }
            }
        }

        var reply = countPendingReply(workerId)
        if batched.count > 1, let chosen = best {
            let batchId = ContentHash.hex(of: batched.map(\.id).joined(separator: "|"))
            for task in batched {
                setStatus(task.id, LuigiStatus.batchRunning)
                tasks[task.id]?.batchId = batchId
                tasks[task.id]?.workerRunning = workerId
                tasks[task.id]?.resourcesRunning = task.resources
                tasks[task.id]?.timeRunning = now
                touch(task.id)
            }
            var combined = chosen.params
            for (name, values) in batchValues { combined[name] = .array(values) }
            reply["task_id"] = .null
            reply["task_family"] = .string(chosen.family)
            reply["task_module"] = chosen.module.map(JSONValue.string) ?? .null
            reply["task_params"] = .object(combined)
            reply["batch_id"] = .string(batchId)
            reply["batch_task_ids"] = .array(batched.map { .string($0.id) })
        } else if let chosen = best {
            setStatus(chosen.id, LuigiStatus.running)
            tasks[chosen.id]?.workerRunning = workerId
            tasks[chosen.id]?.resourcesRunning = chosen.resources
            tasks[chosen.id]?.timeRunning = now
            touch(chosen.id)
            reply["task_id"] = .string(chosen.id)
            reply["task_family"] = .string(chosen.family)
            reply["task_module"] = chosen.module.map(JSONValue.string) ?? .null
            reply["task_params"] = .object(chosen.params)
        } else {
            reply["task_id"] = .null
        }
        return .object(reply)
    }

    /// BATCH_RUNNING members whose combined task this worker no longer runs go back to PENDING.
    private func resetOrphanedBatches(_ workerId: String) {
        let runningBatches = Set(tasks(in: LuigiStatus.running).filter { $0.workerRunning == workerId }.compactMap(\.batchId))
        for task in tasks(in: LuigiStatus.batchRunning) where task.workerRunning == workerId {
            if let batchId = task.batchId, runningBatches.contains(batchId) { continue }
            setStatus(task.id, LuigiStatus.pending)
        }
    }

    func countPending(_ a: LuigiArgs) throws(LuigiError) -> JSONValue {
        let workerId = try a.requiredString("worker")
        if workers[workerId] == nil {
            workers[workerId] = LuigiWorker(id: workerId, now: now)
            touchWorker(workerId)
        }
        return .object(countPendingReply(workerId))
    }

    func countPendingReply(_ workerId: String) -> [String: JSONValue] {
        var upstream: [String: String] = [:]
        // Only a DISABLED task can hide others (UPSTREAM_DISABLED); without one, the kept counts are exact.
        let anyDisabled = !(statusIds[LuigiStatus.disabled] ?? []).isEmpty
        var running: [JSONValue] = []
        for task in tasks(in: LuigiStatus.running).sorted(by: { $0.time < $1.time }) where task.workers.contains(workerId) {
            if anyDisabled && upstreamStatus(task.id, &upstream) == "UPSTREAM_DISABLED" { continue }
            if let runner = task.workerRunning, let other = workers[runner] {
                var info: [String: JSONValue] = ["task_id": .string(task.id), "worker": .string(other.id)]
                info.merge(other.info) { $1 }
                running.append(.object(info))
            }
        }
        var counts = workerCounts[workerId] ?? LuigiWorkerCounts()
        if anyDisabled {
            counts = LuigiWorkerCounts()
            for task in tasks(of: workerId) where task.status == LuigiStatus.pending || task.status == LuigiStatus.failed {
                if upstreamStatus(task.id, &upstream) == "UPSTREAM_DISABLED" { continue }
                counts.pending += 1
                if task.workers.count == 1 { counts.unique += 1 }
                if task.workers.last == workerId { counts.lastScheduled += 1 }
            }
        }
        return ["n_pending_tasks": .number(Double(counts.pending)), "n_unique_pending": .number(Double(counts.unique)),
                "n_pending_last_scheduled": .number(Double(counts.lastScheduled)),
                "worker_state": .string(workers[workerId]?.state ?? "active"), "running_tasks": .array(running)]
    }

    /// The worst status among a task's unfinished upstream (luigi's `_upstream_status`), memoised.
    func upstreamStatus(_ id: String, _ table: inout [String: String]) -> String {
        if let known = table[id] { return known }
        guard tasks[id] != nil else { return "" }
        var stack = [id]
        var last = id
        while let depId = stack.popLast() {
            last = depId
            guard let dep = tasks[depId] else { continue }
            if dep.status == LuigiStatus.done { continue }
            if let known = table[depId] {
                if known.isEmpty && !dep.deps.isEmpty {
                    table[depId] = dep.deps.map { table[$0] ?? "" }.max { LuigiStatus.severity($0) < LuigiStatus.severity($1) } ?? ""
                }
            } else if dep.status == LuigiStatus.pending && !dep.deps.isEmpty {
                stack.append(depId)
                stack.append(contentsOf: dep.deps)
                table[depId] = ""
            } else {
                table[depId] = LuigiStatus.upstream(of: dep.status)
            }
        }
        return table[last] ?? table[id] ?? ""
    }
}
