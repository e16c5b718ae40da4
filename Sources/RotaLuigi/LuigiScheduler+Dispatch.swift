import Foundation
import RotaCore

/// The RPC table: one case per luigi method, each a thin reader of arguments over the state.
extension LuigiScheduler {
    func dispatch(_ a: LuigiArgs) throws(LuigiError) -> JSONValue {
        switch a.method {
        case "add_task": return try addTask(a)
        case "get_work": return try getWork(a)
        case "count_pending": return try countPending(a)
        case "ping":
            let id = try a.requiredString("worker")
            var worker = updateWorker(id)
            let messages = worker.rpcMessages
            worker.rpcMessages = []
            workers[id] = worker
            return .object(["rpc_messages": .array(messages)])
        case "add_worker":
            let id = try a.requiredString("worker")
            var worker = workers[id] ?? LuigiWorker(id: id, now: now)
            switch try a.requiredPresent("info") {
            case .object(let info): worker.info.merge(info) { $1 }
            case .array(let pairs):
                for pair in pairs {
                    guard case .array(let kv) = pair, kv.count == 2, case .string(let key) = kv[0] else {
                        throw .badArguments("add_worker: info must be an object or a list of [key, value] pairs")
                    }
                    worker.info[key] = kv[1]
                }
            case .null: break
            default: throw .badArguments("add_worker: info must be an object or a list of [key, value] pairs")
            }
            workers[id] = worker
            touchWorker(id)
            return .null
        case "add_task_batcher":
            let worker = try a.requiredString("worker")
            let family = try a.requiredString("task_family")
            let args = try a.stringList("batched_args") ?? []
            batchers[worker, default: [:]][family] = LuigiBatcher(args: args, maxBatchSize: try a.number("max_batch_size") ?? .infinity)
            dirtyMeta = true
            return .null
        case "announce_scheduling_failure":
            let name = try a.string("task_name") ?? ""
            logger.info("luigi scheduling failure", metadata: ["rota.luigi.task": "\(name)"])
            return .null
        case "set_task_status_message", "set_task_progress_percentage":
            return try setTaskAnnotation(a)
        case "get_task_status_message":
            let id = try a.requiredString("task_id")
            guard let task = tasks[id] else { return .object(["taskId": .string(id), "statusMessage": .string("")]) }
            return .object(["taskId": .string(id), "statusMessage": task.statusMessage.map(JSONValue.string) ?? .null])
        case "get_task_progress_percentage":
            let id = try a.requiredString("task_id")
            return .object(["taskId": .string(id), "progressPercentage": tasks[id]?.progressPercentage ?? .null])
        case "decrease_running_task_resources": return try decreaseResources(a)
        case "get_running_task_resources":
            let id = try a.requiredString("task_id")
            let resources = tasks[id]?.resourcesRunning.map(Self.intObject) ?? .null
            return .object(["taskId": .string(id), "resources": resources])
        case "report_task_statistics", "update_metrics_task_started": return .null
        default: return try dispatchAdmin(a)
        }
    }

    /// Scheduler-wide switches, resources, messages and per-task admin actions.
    private func dispatchAdmin(_ a: LuigiArgs) throws(LuigiError) -> JSONValue {
        switch a.method {
        case "prune":
            pruneGraph()
            return .null
        case "has_task_history": return .bool(true)
        case "is_pause_enabled": return .object(["enabled": .bool(config.pauseEnabled)])
        case "is_paused": return .object(["paused": .bool(paused)])
        case "pause", "unpause":
            if config.pauseEnabled {
                paused = a.method == "pause"
                dirtyMeta = true
            }
            return .null
        case "update_resources":
            for (name, value) in a.values {
                guard case .number(let n) = value, n.rounded() == n else {
                    throw .badArguments("update_resources: \"\(name)\" must be an integer")
                }
                resourceOverrides[name] = Int(n)
            }
            dirtyMeta = true
            return .null
        case "update_resource":
            let name = try a.requiredString("resource")
            guard case .number(let n) = try a.requiredPresent("amount"), n.rounded() == n, n >= 0 else { return .bool(false) }
            resourceOverrides[name] = Int(n)
            dirtyMeta = true
            return .bool(true)
        case "disable_worker":
            let id = try a.requiredString("worker")
            var worker = workers[id] ?? LuigiWorker(id: id, now: now)
            worker.disabled = true
            workers[id] = worker
            touchWorker(id)
            for (taskId, task) in tasks where task.workers.contains(id) {
                tasks[taskId]?.workers.removeAll { $0 == id }
                touch(taskId)
            }
            return .null
        case "set_worker_processes":
            let id = try a.requiredString("worker")
            let n = try a.requiredPresent("n")
            queueMessage(to: id, name: "set_worker_processes", kwargs: ["n": n])
            return .null
        case "send_scheduler_message":
            let id = try a.requiredString("worker")
            let task = try a.requiredString("task")
            let content = try a.requiredPresent("content")
            guard config.sendMessages else { return .object(["message_id": .null]) }
            let messageId = UUID().uuidString.lowercased()
            queueMessage(to: id, name: "dispatch_scheduler_message",
                         kwargs: ["task_id": .string(task), "message_id": .string(messageId), "content": content])
            return .object(["message_id": .string(messageId)])
        case "add_scheduler_message_response":
            let id = try a.requiredString("task_id")
            let messageId = try a.requiredString("message_id")
            let response = try a.requiredPresent("response")
            if tasks[id] != nil {
                tasks[id]?.messageResponses[messageId] = response
                touch(id)
            }
            return .null
        case "get_scheduler_message_response":
            let id = try a.requiredString("task_id")
            let messageId = try a.requiredString("message_id")
            let response = tasks[id]?.messageResponses.removeValue(forKey: messageId) ?? .null
            if tasks[id] != nil { touch(id) }
            return .object(["response": response])
        default: return try dispatchViews(a)
        }
    }

    func queueMessage(to workerId: String, name: String, kwargs: [String: JSONValue]) {
        var worker = workers[workerId] ?? LuigiWorker(id: workerId, now: now)
        worker.rpcMessages.append(.object(["name": .string(name), "kwargs": .object(kwargs)]))
        workers[workerId] = worker
        touchWorker(workerId)
    }

    private func setTaskAnnotation(_ a: LuigiArgs) throws(LuigiError) -> JSONValue {
        let id = try a.requiredString("task_id")
        let isMessage = a.method == "set_task_status_message"
        let value = try a.requiredPresent(isMessage ? "status_message" : "progress_percentage")
        guard let task = tasks[id] else { return .null }
        var targets = [id]
        if task.status == LuigiStatus.running, let batchId = task.batchId { targets += batchRunning(batchId) }
        for target in targets {
            if isMessage { tasks[target]?.statusMessage = value.scalarText } else { tasks[target]?.progressPercentage = value }
            touch(target)
        }
        return .null
    }

    private func decreaseResources(_ a: LuigiArgs) throws(LuigiError) -> JSONValue {
        let id = try a.requiredString("task_id")
        let decrease = try a.intMap("decrease_resources") ?? [:]
        guard let task = tasks[id], task.status == LuigiStatus.running else { return .null }
        var targets = [id]
        if let batchId = task.batchId { targets += batchRunning(batchId) }
        for target in targets {
            guard var running = tasks[target]?.resourcesRunning else { continue }
            for (name, amount) in decrease where amount > 0 {
                if let have = running[name] { running[name] = max(0, have - amount) }
            }
            tasks[target]?.resourcesRunning = running
            touch(target)
        }
        return .null
    }

    static func intObject(_ map: [String: Int]) -> JSONValue {
        .object(map.mapValues { .number(Double($0)) })
    }
}
