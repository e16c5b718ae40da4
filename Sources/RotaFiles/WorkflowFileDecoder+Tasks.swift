import RotaCore

extension WorkflowFileDecoder {
    static let taskFields = ["id", "upstream", "tags", "outputs", "notifications"] + executorFields + TaskKnobs.fields

    /// `tasks:`, a list of at least one task, in file order.
    mutating func taskList(_ value: JSONValue?, defaults: TaskKnobs, workflowId: String) -> [ParsedTask] {
        guard let value, value != .null else {
            report("tasks", "required: a list of at least one task")
            return []
        }
        guard case .array(let items) = value else {
            report("tasks", "expected a list of tasks, got \(value.kindName)")
            return []
        }
        if items.isEmpty { report("tasks", "required: a list of at least one task") }
        return items.enumerated().compactMap { index, item in
            let path = "tasks[\(index)]"
            return task(item, path, defaults: defaults, workflowId: workflowId).map { ParsedTask(path: path, task: $0) }
        }
    }

    private mutating func task(_ value: JSONValue, _ path: String, defaults: TaskKnobs, workflowId: String) -> WorkflowTask? {
        guard let o = object(value, path, known: Self.taskFields) else { return nil }
        let at = { (key: String) in Self.child(path, key) }
        var id = ""
        if let text = requiredString(o["id"], at("id")), checkName(text, at("id")) { id = text }
        let own = knobs(o, path, task: id)
        let settings = own.over(defaults)
        let isCommand = o["command"] != nil && o["command"] != .null
        if own.cwd != nil, !isCommand { report(at("cwd"), "only for command tasks") }
        let (executor, config) = executor(o, path, task: id, cwd: isCommand ? settings.cwd : nil, workflowId: workflowId)
        var task = WorkflowTask(id: id, executor: executor, config: config)
        task.environment = settings.env ?? [:]
        task.upstream = stringList(o["upstream"], at("upstream"), allowSingle: true) ?? []
        task.triggerRule = settings.triggerRule ?? .allSuccess
        task.retry = settings.retryPolicy
        task.executionTimeout = settings.executionTimeout
        task.pool = settings.pool ?? task.pool
        task.poolSlots = settings.poolSlots ?? task.poolSlots
        task.priorityWeight = settings.priorityWeight ?? task.priorityWeight
        task.queue = settings.queue ?? task.queue
        task.tags = stringMap(o["tags"], at("tags")) ?? [:]
        for key in task.tags.keys.sorted() {
            do { try JobDefinition.validateLabel(key, field: "") } catch {
                report(Self.child(at("tags"), key), String(error.message.dropFirst(2)))
                task.tags[key] = nil
            }
        }
        task.outputs = outputs(o["outputs"], at("outputs"), task: id)
        task.notifications = notifications(o["notifications"], at("notifications"), task: id)
        return task
    }

    /// Luigi-style targets: absolute file paths (templates allowed).
    private mutating func outputs(_ value: JSONValue?, _ path: String, task: String) -> [String] {
        guard let list = stringList(value, path, allowSingle: true) else { return [] }
        var out: [String] = []
        for (i, file) in list.enumerated() {
            let at = "\(path)[\(i)]"
            if !file.hasPrefix("/"), !file.hasPrefix("{{") {
                report(at, "must be an absolute path, got \"\(file)\"")
                continue
            }
            if let problem = PathPolicy.problem(Self.withoutTemplates(file)) {
                report(at, problem)
                continue
            }
            template(file, at, task: task)
            out.append(file)
        }
        return out
    }
}
