import Foundation
import RotaCore

/// `add_task`: the call a worker makes for every node it schedules and every result it reports.
/// The rules follow luigid's code order; see docs/luigi.md.
extension LuigiScheduler {
    func addTask(_ a: LuigiArgs) throws(LuigiError) -> JSONValue {
        let workerId = try a.requiredString("worker")
        let taskId = try a.requiredString("task_id")
        let status = try a.string("status") ?? LuigiStatus.pending
        guard LuigiStatus.all.contains(status) || status == LuigiStatus.suspended else {
            throw .badArguments("add_task: unknown status \"\(status)\"")
        }
        let runnable = try a.bool("runnable") ?? (a.values["runnable"] == nil)
        let deps = try a.stringList("deps")
        let newDeps = try a.stringList("new_deps")
        let resources = try a.intMap("resources")
        let priority = try a.number("priority") ?? 0
        let family = try a.string("family") ?? ""
        let module = try a.string("module")
        let params = try a.object("params")
        let visibilities = try a.intMap("param_visibilities")
        let acceptsMessages = try a.bool("accepts_messages")
        let assistant = try a.bool("assistant") ?? false
        let trackingUrl = try a.string("tracking_url")
        let batchable = try a.bool("batchable")
        let batchId = try a.string("batch_id")
        let policyDict = try a.object("retry_policy_dict") ?? [:]
        let expl = a.raw("expl")

        let worker = updateWorker(workerId)
        var policy = defaultRetryPolicy()
        if case .number(let n) = policyDict["retry_count"] { policy.retryCount = n }
        if case .number(let n) = policyDict["disable_hard_timeout"] { policy.disableHardTimeout = n }
        if case .number(let n) = policyDict["disable_window"] { policy.disableWindow = n }

        if tasks[taskId] == nil {
            guard !worker.disabled else { return .null }
            var fresh = LuigiTask(id: taskId, status: LuigiStatus.pending, now: now, retryPolicy: policy)
            fresh.deps = deps.map(uniqued) ?? []
            fresh.resources = resources ?? [:]
            fresh.priority = priority
            fresh.family = family
            fresh.module = module
            fresh.paramVisibilities = visibilities ?? [:]
            fresh.params = params ?? [:]
            tasks[taskId] = fresh
            touch(taskId)
        }
        guard var task = tasks[taskId] else { return .null }
        if task.status != LuigiStatus.running && worker.disabled { return .null }
        if status == LuigiStatus.pending && task.status == LuigiStatus.done && now - task.updated < config.stableDoneCooldown {
            return .null
        }
        if task.family.isEmpty { task.family = family }
        if task.module == nil || task.module == "" { task.module = module }
        if task.paramVisibilities.isEmpty { task.paramVisibilities = visibilities ?? [:] }
        if task.params.isEmpty { task.params = params ?? [:] }
        if let batchId { task.batchId = batchId }
        if status == LuigiStatus.running && task.workerRunning == nil {
            task.workerRunning = workerId
            if let batchId, let first = batchRunning(batchId).first {
                task.resourcesRunning = tasks[first]?.resourcesRunning
            }
            task.timeRunning = now
        }
        if let acceptsMessages { task.acceptsMessages = acceptsMessages }
        var batchMembers: [String] = []
        if let batchId = task.batchId { batchMembers = batchRunning(batchId) }
        if trackingUrl != nil || task.status != LuigiStatus.running {
            task.trackingUrl = trackingUrl
            for member in batchMembers {
                tasks[member]?.trackingUrl = trackingUrl
                touch(member)
            }
        }
        if let batchable { task.batchable = batchable }
        task.remove = nil
        if let expl {
            task.expl = expl
            for member in batchMembers {
                tasks[member]?.expl = expl
                touch(member)
            }
        }
        tasks[taskId] = task
        touch(taskId)

        let notRunning = task.status != LuigiStatus.running && task.status != LuigiStatus.batchRunning
        let startedARun = [LuigiStatus.done, LuigiStatus.failed, LuigiStatus.running].contains(status)
        if notRunning || (startedARun && task.workerRunning == workerId) || !(newDeps ?? []).isEmpty {
            setStatus(taskId, status == LuigiStatus.suspended ? LuigiStatus.pending : status)
        }
        guard var task = tasks[taskId] else { return .null }
        if let deps { task.deps = uniqued(deps) }
        if let newDeps { task.addDeps(newDeps) }
        if let resources { task.resources = resources }
        tasks[taskId] = task
        if !worker.disabled && !assistant {
            tasks[taskId]?.stakeholders.insert(workerId)
            for dep in task.deps {
                if tasks[dep] == nil {
                    var placeholder = LuigiTask(id: dep, status: LuigiStatus.unknown, now: now, retryPolicy: defaultRetryPolicy())
                    placeholder.priority = priority
                    tasks[dep] = placeholder
                }
                tasks[dep]?.stakeholders.insert(workerId)
                touch(dep)
            }
        }
        touch(taskId)
        raisePriority(taskId, to: priority)
        tasks[taskId]?.retryPolicy = policy
        if runnable && status != LuigiStatus.failed && !worker.disabled {
            tasks[taskId]?.addWorker(workerId)
            tasks[taskId]?.runnable = runnable
        }
        touch(taskId)
        return .null
    }

    private func uniqued(_ ids: [String]) -> [String] {
        var seen: Set<String> = []
        return ids.filter { seen.insert($0).inserted }
    }
}
