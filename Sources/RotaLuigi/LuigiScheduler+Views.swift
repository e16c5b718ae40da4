import Foundation
import RotaCore

/// What the visualiser and admins read and do: lists, graphs, errors, and per-task actions.
extension LuigiScheduler {
    func dispatchViews(_ a: LuigiArgs) throws(LuigiError) -> JSONValue {
        switch a.method {
        case "task_list": return try taskList(a)
        case "task_search":
            let needle = try a.requiredString("task_str")
            pruneGraph()
            var byStatus: [String: [String: JSONValue]] = [:]
            for task in tasks.values where needle.isEmpty || task.id.contains(needle) {
                byStatus[task.status, default: [:]][task.id] = serialize(task, deps: nil)
            }
            return .object(byStatus.mapValues { .object($0) })
        case "graph":
            pruneGraph()
            var seen: Set<String> = []
            var out: [String: JSONValue] = [:]
            for id in tasks.keys.sorted() { out.merge(traverse(id, seen: &seen, inverse: nil, includeDone: true)) { $1 } }
            return .object(out)
        case "dep_graph", "inverse_dep_graph":
            let id = try a.requiredString("task_id")
            let includeDone = try a.bool("include_done") ?? true
            pruneGraph()
            guard tasks[id] != nil else { return .object([:]) }
            var inverse: [String: [String]]?
            if a.method == "inverse_dep_graph" {
                var map: [String: [String]] = [:]
                for task in tasks.values.sorted(by: { $0.id < $1.id }) { for dep in task.deps { map[dep, default: []].append(task.id) } }
                inverse = map
            }
            var seen: Set<String> = []
            return .object(traverse(id, seen: &seen, inverse: inverse, includeDone: includeDone))
        case "worker_list": return try workerList(a)
        case "resource_list": return resourceList()
        case "fetch_error":
            let id = try a.requiredString("task_id")
            guard let task = tasks[id] else { return .object(["taskId": .string(id), "error": .string("")]) }
            return .object(["taskId": .string(id), "error": task.expl, "displayName": .string(task.prettyId),
                            "taskParams": .object(task.params), "taskModule": task.module.map(JSONValue.string) ?? .null,
                            "taskFamily": .string(task.family)])
        case "re_enable_task":
            let id = try a.requiredString("task_id")
            guard let task = tasks[id], task.status == LuigiStatus.disabled, task.schedulerDisableTime != nil else { return .object([:]) }
            reEnable(id, toFailed: true)
            return tasks[id].map { serialize($0, deps: $0.deps) } ?? .object([:])
        case "forgive_failures", "mark_as_done":
            let id = try a.string("task_id")
            guard let id, let task = tasks[id] else { return .object(["task_id": id.map(JSONValue.string) ?? .null, "status": .null]) }
            if a.method == "forgive_failures" {
                if task.status == LuigiStatus.failed { setStatus(id, LuigiStatus.pending) }
            } else if [LuigiStatus.running, LuigiStatus.failed, LuigiStatus.disabled].contains(task.status) {
                setStatus(id, LuigiStatus.done)
            }
            return .object(["task_id": .string(id), "status": .string(tasks[id]?.status ?? task.status)])
        default:
            throw .unknownMethod(a.method)
        }
    }

    func serialize(_ task: LuigiTask, deps: [String]?) -> JSONValue {
        var out: [String: JSONValue] = [
            "display_name": .string(task.prettyId), "status": .string(task.status),
            "workers": .array(task.workers.map(JSONValue.string)),
            "worker_running": task.workerRunning.map(JSONValue.string) ?? .null,
            "time_running": task.timeRunning.map(JSONValue.number) ?? .null, "start_time": .number(task.time),
            "last_updated": .number(task.updated), "params": .object(task.publicParams), "name": .string(task.family),
            "priority": .number(task.priority), "resources": Self.intObject(task.resources),
            "resources_running": task.resourcesRunning.map(Self.intObject) ?? .null,
            "tracking_url": task.trackingUrl.map(JSONValue.string) ?? .null,
            "status_message": task.statusMessage.map(JSONValue.string) ?? .null,
            "progress_percentage": task.progressPercentage,
        ]
        if task.status == LuigiStatus.disabled { out["re_enable_able"] = .bool(task.schedulerDisableTime != nil) }
        if let deps { out["deps"] = .array(deps.map(JSONValue.string)) }
        if config.sendMessages && task.status == LuigiStatus.running { out["accepts_messages"] = .bool(task.acceptsMessages) }
        return .object(out)
    }

    /// Breadth-first from `root`, nearest nodes first, capped at `max_graph_nodes`.
    private func traverse(_ root: String, seen: inout Set<String>, inverse: [String: [String]]?,
                          includeDone: Bool) -> [String: JSONValue] {
        if seen.contains(root) { return [:] }
        seen.insert(root)
        var out: [String: JSONValue] = [:]
        var queue = [root]
        var head = 0
        while head < queue.count {
            let id = queue[head]
            head += 1
            if let task = tasks[id], !task.family.isEmpty {
                var deps = inverse.map { $0[id] ?? [] } ?? task.deps
                if !includeDone { deps = deps.filter { tasks[$0]?.status != LuigiStatus.done } }
                var node = serialize(task, deps: deps)
                if id != root, case .object(var fields) = node {
                    fields["display_name"] = nil
                    node = .object(fields)
                }
                out[id] = node
                for dep in deps.sorted() where !seen.contains(dep) {
                    seen.insert(dep)
                    queue.append(dep)
                }
            } else {
                let family = id.split(separator: "_", maxSplits: 1).first.map(String.init) ?? LuigiStatus.unknown
                var node: [String: JSONValue] = ["deps": .array([]), "status": .string(LuigiStatus.unknown), "workers": .array([]),
                                                 "start_time": .string(LuigiStatus.unknown), "params": .object(["task_id": .string(id)]),
                                                 "name": .string(family), "priority": .number(0)]
                if id == root { node["display_name"] = .string(id) }
                out[id] = .object(node)
            }
            if out.count >= config.maxGraphNodes { break }
        }
        return out
    }

    private func taskList(_ a: LuigiArgs) throws(LuigiError) -> JSONValue {
        let status = try a.string("status") ?? ""
        let upstream = try a.string("upstream_status") ?? ""
        let limit = try a.bool("limit") ?? true
        let search = try a.string("search")
        let maxShown = try a.number("max_shown_tasks").map { Int($0) } ?? config.maxShownTasks
        if search == nil || search == "" {
            let count = status.isEmpty ? tasks.count : statusIds[status]?.count ?? 0
            if limit && count > maxShown { return .object(["num_tasks": .number(upstream.isEmpty ? Double(count) : -1)]) }
        }
        pruneGraph()
        let terms = (search ?? "").split(separator: " ").map { $0.lowercased() }
        var table: [String: String] = [:]
        var out: [String: JSONValue] = [:]
        for task in status.isEmpty ? Array(tasks.values) : tasks(in: status) {
            if !terms.isEmpty {
                let name = task.prettyId.lowercased()
                if !terms.allSatisfy({ name.contains($0) }) { continue }
            }
            if task.status != LuigiStatus.pending || upstream.isEmpty || upstream == upstreamStatus(task.id, &table) {
                out[task.id] = serialize(task, deps: nil)
            }
        }
        if limit && out.count > maxShown { return .object(["num_tasks": .number(Double(out.count))]) }
        return .object(out)
    }

    private func workerList(_ a: LuigiArgs) throws(LuigiError) -> JSONValue {
        let includeRunning = try a.bool("include_running") ?? true
        pruneGraph()
        var running: [String: [String: JSONValue]] = [:]
        var numPending: [String: Int] = [:]
        var numUniques: [String: Int] = [:]
        if includeRunning {
            for task in tasks.values {
                if task.status == LuigiStatus.running, let runner = task.workerRunning {
                    running[runner, default: [:]][task.id] = serialize(task, deps: nil)
                } else if task.status == LuigiStatus.pending {
                    for w in task.workers { numPending[w, default: 0] += 1 }
                    if task.workers.count == 1 { numUniques[task.workers[0], default: 0] += 1 }
                }
            }
        }
        let list = workers.values.sorted { $0.started > $1.started }.map { worker -> JSONValue in
            var out = worker.info
            out["name"] = .string(worker.id)
            out["last_active"] = .number(worker.lastActive)
            out["started"] = .number(worker.started)
            out["state"] = .string(worker.state)
            let first = worker.info["first_task"]?.stringValue ?? ""
            out["first_task_display_name"] = .string(tasks[first]?.prettyId ?? first)
            out["num_unread_rpc_messages"] = .number(Double(worker.rpcMessages.count))
            if includeRunning {
                let tasksRunning = running[worker.id] ?? [:]
                out["num_running"] = .number(Double(tasksRunning.count))
                out["num_pending"] = .number(Double(numPending[worker.id] ?? 0))
                out["num_uniques"] = .number(Double(numUniques[worker.id] ?? 0))
                out["running"] = .object(tasksRunning)
            }
            return .object(out)
        }
        return .array(list)
    }

    private func resourceList() -> JSONValue {
        pruneGraph()
        let used = usedResources()
        var consumers: [String: [String: JSONValue]] = [:]
        for task in tasks(in: LuigiStatus.running) {
            for name in task.resources.keys { consumers[name, default: [:]][task.id] = serialize(task, deps: nil) }
        }
        return .array(resourceLimits.sorted { $0.key < $1.key }.map { name, total in
            let running = consumers[name] ?? [:]
            return .object(["name": .string(name), "num_total": .number(Double(total)), "num_used": .number(Double(used[name] ?? 0)),
                            "num_consumer": .number(Double(running.count)), "running": .object(running)])
        })
    }
}
