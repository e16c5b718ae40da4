import Foundation
import RotaCore

/// Luigi's central scheduler as luigid's visualiser showed it, and more: tasks by status (with
/// status message, progress, resources and worker), workers, resources, and the actions luigid
/// only offered over RPC (forgive failures, mark as done, re-enable, disable a worker, set its
/// processes, edit resource limits, pause). Built from the scheduler's own RPC answers.
public struct LuigiPage: Sendable {
    public var tasks: [String: JSONValue]
    /// Set when the status holds more tasks than luigid would list (`num_tasks`).
    public var tooMany: Int?
    public var counts: [String: Int]
    public var workers: [JSONValue]
    public var resources: [JSONValue]
    public var paused: Bool
    public var status: String
    public var search: String

    public init(tasks: [String: JSONValue], tooMany: Int?, counts: [String: Int], workers: [JSONValue], resources: [JSONValue],
                paused: Bool, status: String, search: String) {
        self.tasks = tasks
        self.tooMany = tooMany
        self.counts = counts
        self.workers = workers
        self.resources = resources
        self.paused = paused
        self.status = status
        self.search = search
    }

    public static let statuses = ["PENDING", "RUNNING", "DONE", "FAILED", "DISABLED", "BATCH_RUNNING", "UNKNOWN"]

    /// `/luigi/api/<method>?data=<JSON>`: the RPC a button calls.
    public static func rpc(_ method: String, _ data: [String: JSONValue]) -> String {
        "/luigi/api/\(method)?data=" + WebURL.query(JSONValue.object(data).compactJSON)
    }

    static func stateClass(_ luigi: String) -> String {
        switch luigi {
        case "DONE": return "success"
        case "FAILED": return "failed"
        case "RUNNING", "BATCH_RUNNING": return "running"
        case "DISABLED": return "upstream_failed"
        case "PENDING": return "queued"
        default: return "none"
        }
    }

    public func render() -> WebPage {
        let cards = Self.statuses.map { s -> HTML in
            "<a class=\"card\" href=\"/ui/luigi?status=\(s)\"><div class=\"l\">\(s.lowercased())</div><div class=\"n\"><span class=\"sq state-\(Self.stateClass(s))\"></span>\(counts[s] ?? 0)</div></a>"
        }
        let pause: HTML = WebViewer.operate(paused
            ? "<button class=\"btn primary\" data-action=\"\(Self.rpc("unpause", [:]))\">Unpause scheduler</button>"
            : "<button class=\"btn\" data-action=\"\(Self.rpc("pause", [:]))\" data-confirm=\"Pause the luigi scheduler (workers get no new work)?\">Pause scheduler</button>")
        let options = ([""] + Self.statuses).map { s -> HTML in
            "<option value=\"\(s)\"\(s == status ? HTML(raw: " selected") : "")>\(s.isEmpty ? "every status" : s.lowercased())</option>"
        }
        let body: HTML = """
        <h1>Luigi \(paused ? WebFormat.badge("disabled", label: "paused") : "")</h1>
        <p class="muted">Luigi workers connect with <span class="mono">--scheduler-url http://host:8082/</span> (or <span class="mono">/luigi</span> on this port).</p>
        <div class="actions">\(pause)</div>
        <div class="cards">\(cards)</div>
        <form class="filters" method="get" action="/ui/luigi"><select name="status" aria-label="Status">\(options)</select>
        <input type="search" name="search" placeholder="Search tasks" value="\(search)"><button class="btn" type="submit">Filter</button></form>
        <div id="luigi-tasks" data-refresh="3000">\(taskTable())</div>
        <div class="cols"><div class="panel"><h2>Workers</h2>\(workerTable())</div><div class="panel"><h2>Resources</h2>\(resourceTable())</div></div>
        """
        return WebPage(title: "Luigi", section: .luigi, body: body)
    }

    private func taskTable() -> HTML {
        if let tooMany { return "<p class=\"empty\">\(tooMany) tasks: narrow the list with a status or a search.</p>" }
        guard !tasks.isEmpty else { return "<p class=\"empty\">No luigi tasks\(status.isEmpty ? "" : " in \(status.lowercased())").</p>" }
        let rows = tasks.sorted { ($0.value["last_updated"]?.numberValue ?? 0) > ($1.value["last_updated"]?.numberValue ?? 0) }.prefix(500)
            .map { id, task -> HTML in
                let s = task["status"]?.stringValue ?? ""
                let progress = task["progress_percentage"]?.numberValue.map { "\(Int($0))%" } ?? ""
                let resources = task["resources"]?.objectValue?.map { "\($0.key)=\($0.value.compactJSON)" }.sorted().joined(separator: " ") ?? ""
                let worker = task["worker_running"]?.stringValue ?? ""
                let actions = WebViewer.operate(LuigiTaskPage.actions(id: id, status: s, reEnable: task["re_enable_able"] == .bool(true)))
                return """
                <tr><td><a href="/ui/luigi/tasks/\(WebURL.segment(id))">\(task["display_name"]?.stringValue ?? id)</a></td>
                <td>\(WebFormat.badge(Self.stateClass(s), label: s.lowercased()))</td><td class="muted">\(task["status_message"]?.stringValue ?? "")</td>
                <td>\(progress)</td><td class="mono">\(resources)</td><td class="mono">\(String(worker.prefix(60)))</td><td class="actions">\(actions)</td></tr>
                """
            }
        return "<table class=\"list\"><tr><th>Task</th><th>Status</th><th>Message</th><th>Progress</th><th>Resources</th><th>Worker</th><th></th></tr>\(rows)</table>"
    }

    private func workerTable() -> HTML {
        guard !workers.isEmpty else { return "<p class=\"empty\">No luigi worker is connected.</p>" }
        let rows = workers.map { w -> HTML in
            let name = w["name"]?.stringValue ?? ""
            let processes = w["workers"]?.numberValue.map { Int($0) } ?? 1
            let state = w["state"]?.stringValue ?? ""
            let controls = WebViewer.operate("""
                <button class="btn small" data-action="\(Self.rpc("set_worker_processes", ["worker": .string(name), "n": .number(Double(processes + 1))]))">+1 process</button>
                <button class="btn small danger" data-action="\(Self.rpc("disable_worker", ["worker": .string(name)]))" data-confirm="Disable this worker (it gets no more work)?">Disable</button>
                """)
            return """
            <tr><td class="mono">\(String(name.prefix(60)))</td><td>\(WebFormat.badge(state == "active" ? "success" : "disabled", label: state))</td>
            <td>\(processes)</td><td>\(w["num_running"]?.numberValue.map { Int($0) } ?? 0) / \(w["num_pending"]?.numberValue.map { Int($0) } ?? 0)</td>
            <td class="actions">\(controls)</td></tr>
            """
        }
        return "<table class=\"list\"><tr><th>Worker</th><th>State</th><th>Processes</th><th>Running / pending</th><th></th></tr>\(rows)</table>"
    }

    private func resourceTable() -> HTML {
        guard !resources.isEmpty else { return "<p class=\"empty\">No resource limits are set (luigi_resources).</p>" }
        let rows = resources.map { r -> HTML in
            let name = r["name"]?.stringValue ?? ""
            let total = r["num_total"]?.numberValue.map { Int($0) } ?? 0
            let controls = WebViewer.operate("""
                <button class="btn small" data-action="\(Self.rpc("update_resource", ["resource": .string(name), "amount": .number(Double(total + 1))]))">+1</button>
                <button class="btn small" data-action="\(Self.rpc("update_resource", ["resource": .string(name), "amount": .number(Double(max(0, total - 1)))]))">−1</button>
                """)
            return "<tr><td>\(name)</td><td>\(r["num_used"]?.numberValue.map { Int($0) } ?? 0) / \(total)</td><td class=\"actions\">\(controls)</td></tr>"
        }
        return "<table class=\"list\"><tr><th>Resource</th><th>Used / limit</th><th></th></tr>\(rows)</table>"
    }
}

/// One luigi task: its dependency graph (coloured by status), parameters, error, actions and
/// history; a task luigi already dropped from its graph is shown from its history alone.
public struct LuigiTaskPage: Sendable {
    /// One status change from Rota's luigi history.
    public struct Event: Sendable {
        public var at: Date
        public var status: String
        public var worker: String
        public var host: String

        public init(at: Date, status: String, worker: String, host: String) {
            self.at = at
            self.status = status
            self.worker = worker
            self.host = host
        }
    }

    public var id: String
    public var task: JSONValue
    public var graph: [String: JSONValue]
    public var error: String?
    /// Newest first.
    public var history: [Event]

    public init(id: String, task: JSONValue, graph: [String: JSONValue], error: String?, history: [Event] = []) {
        self.id = id
        self.task = task
        self.graph = graph
        self.error = error
        self.history = history
    }

    static func actions(id: String, status: String, reEnable: Bool) -> HTML {
        var out: HTML = ""
        if status == "FAILED" || status == "DISABLED" {
            out += "<button class=\"btn small\" data-action=\"\(LuigiPage.rpc("forgive_failures", ["task_id": .string(id)]))\">Forgive failures</button>"
        }
        if status == "DISABLED" && reEnable {
            out += "<button class=\"btn small\" data-action=\"\(LuigiPage.rpc("re_enable_task", ["task_id": .string(id)]))\">Re-enable</button>"
        }
        if status != "DONE" {
            out += "<button class=\"btn small\" data-action=\"\(LuigiPage.rpc("mark_as_done", ["task_id": .string(id)]))\" data-confirm=\"Mark this task done without running it?\">Mark done</button>"
        }
        return out
    }

    public func render() -> WebPage {
        let s = task["status"]?.stringValue ?? ""
        let nodes = graph.map { key, value in
            GraphNode(id: value["display_name"]?.stringValue ?? key,
                      upstream: (value["deps"]?.arrayValue ?? []).compactMap { graph[$0.stringValue ?? ""]?["display_name"]?.stringValue ?? $0.stringValue },
                      state: LuigiPage.stateClass(value["status"]?.stringValue ?? ""), href: "/ui/luigi/tasks/" + WebURL.segment(key))
        }
        let params = task["params"]?.objectValue?.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value.scalarText ?? $0.value.compactJSON)" }
            .joined(separator: "\n") ?? ""
        let errorBlock: HTML = error.map { "<h2>Error</h2><pre class=\"log\">\($0)</pre>" } ?? ""
        let dependencies: HTML = graph.isEmpty
            ? "<p class=\"empty\">This task is no longer in luigi's graph (finished tasks leave it after <code>luigi_remove_delay</code>); its history is kept.</p>"
            : "<h2>Dependencies</h2><div class=\"panel\">\(GraphSVG.render(nodes: nodes, label: "Luigi dependency graph"))</div>"
        let body: HTML = """
        <h1>\(task["display_name"]?.stringValue ?? id) \(WebFormat.badge(LuigiPage.stateClass(s), label: s.lowercased()))</h1>
        <div class="actions">\(WebViewer.operate(Self.actions(id: id, status: s, reEnable: task["re_enable_able"] == .bool(true))))</div>
        <div class="cols"><div class="panel"><dl class="facts"><dt>Family</dt><dd>\(task["name"]?.stringValue ?? "")</dd>
        <dt>Worker</dt><dd class="mono">\(task["worker_running"]?.stringValue ?? "–")</dd>
        <dt>Message</dt><dd>\(task["status_message"]?.stringValue ?? "–")</dd>
        <dt>Progress</dt><dd>\(task["progress_percentage"]?.numberValue.map { "\(Int($0))%" } ?? "–")</dd>
        <dt>Priority</dt><dd>\(task["priority"]?.numberValue.map { String(Int($0)) } ?? "0")</dd>
        <dt>Tracking</dt><dd>\(task["tracking_url"]?.stringValue ?? "–")</dd></dl></div>
        <div class="panel"><h2>Parameters</h2><pre class="code">\(params)</pre></div></div>
        \(errorBlock)
        \(dependencies)
        <h2>History</h2>\(historyTable())
        """
        return WebPage(title: "Luigi task", section: .luigi, body: body)
    }

    private func historyTable() -> HTML {
        guard !history.isEmpty else { return "<p class=\"empty\">No recorded status change.</p>" }
        let rows = history.map { e -> HTML in
            """
            <tr><td>\(WebFormat.time(e.at))</td><td>\(WebFormat.badge(LuigiPage.stateClass(e.status), label: e.status.lowercased()))</td>
            <td class="mono">\(String(e.worker.prefix(60)))</td><td>\(e.host)</td></tr>
            """
        }
        return "<table class=\"list\" id=\"luigi-history\"><tr><th>At</th><th>Status</th><th>Worker</th><th>Host</th></tr>\(rows)</table>"
    }
}
