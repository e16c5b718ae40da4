import Foundation
import RotaCore

/// One workflow: the grid (runs × tasks), the graph and the Gantt chart of a chosen run, the
/// definition as stored, and the trigger and backfill forms (Airflow's DAG page, in one place).
public struct WorkflowPage: Sendable {
    public enum Tab: String, Sendable, CaseIterable {
        case grid, graph, gantt, code, trigger, backfill

        var title: String {
            switch self {
            case .grid: return "Grid"
            case .graph: return "Graph"
            case .gantt: return "Gantt"
            case .code: return "Definition"
            case .trigger: return "Trigger"
            case .backfill: return "Backfill"
            }
        }
    }

    public var definition: WorkflowDefinition
    public var record: WorkflowRecord
    public var nextRun: Date?
    /// The grid's runs, newest first (one page).
    public var runs: [RunRecord]
    public var pager: Pager
    /// Task instances of the grid's runs, by run id.
    public var instances: [Int64: [TaskInstanceRecord]]
    /// The run the graph, Gantt and run actions show (the newest by default).
    public var selected: RunRecord?
    public var tab: Tab
    public var now: Date

    public init(definition: WorkflowDefinition, record: WorkflowRecord, nextRun: Date?, runs: [RunRecord], pager: Pager,
                instances: [Int64: [TaskInstanceRecord]], selected: RunRecord?, tab: Tab, now: Date) {
        self.definition = definition
        self.record = record
        self.nextRun = nextRun
        self.runs = runs
        self.pager = pager
        self.instances = instances
        self.selected = selected
        self.tab = tab
        self.now = now
    }

    var id: String { definition.id }

    public func render() -> WebPage {
        let visible = WebViewer.current.canOperate ? Tab.allCases : Tab.allCases.filter { $0 != .trigger && $0 != .backfill }
        let tabs = visible.map { t -> HTML in
            "<a href=\"\(WebURL.workflow(id, tab: t.rawValue, run: selected?.id))\"\(t == tab ? HTML(raw: " class=\"active\"") : "")>\(t.title)</a>"
        }
        let paused = record.disabled
        let content: HTML
        switch tab {
        case .grid: content = grid()
        case .graph: content = graph()
        case .gantt: content = gantt()
        case .code: content = code()
        case .trigger: content = WebViewer.operate(WorkflowForms.trigger(definition))
        case .backfill: content = WebViewer.operate(WorkflowForms.backfill(definition, now: now))
        }
        let body: HTML = """
        <h1>Workflow \(id) \(paused ? WebFormat.badge("disabled", label: "paused") : "")</h1>
        <div class="actions">\(WebViewer.operate("""
        <a class="btn primary" href="\(WebURL.workflow(id, tab: "trigger"))">Trigger</a>
        <button class="btn" data-method="PATCH" data-action="/api/v2/dags/\(WebURL.segment(id))" data-body='{"is_paused": \(paused ? "false" : "true")}'>\(paused ? "Unpause" : "Pause")</button>
        """))
        <span class="muted">schedule <span class="mono">\(definition.schedule ?? "none")</span> · next run \(WebFormat.time(nextRun)) · \(definition.tasks.count) tasks</span>
        </div>
        <nav class="tabs">\(tabs)</nav>
        \(content)
        """
        return WebPage(title: "Workflow \(id)", section: .workflows, body: body)
    }

    private var anyActive: Bool { runs.contains { !$0.state.isFinal } }

    private func runActions(_ run: RunRecord) -> HTML {
        let api = WebURL.airflowRun(id, run.runKey)
        return """
        <div class="actions" id="run-actions"><span>Run <strong>\(run.runKey)</strong> \(WebFormat.badge(run.state.rawValue)) · \(run.trigger.rawValue) ·
        \(WebFormat.duration(from: run.startedAt, to: run.finishedAt, now: now))</span>
        \(WebViewer.operate("""
        <button class="btn small" data-action="\(api)/clear" data-body='{"dry_run": false, "only_failed": true}' data-confirm="Re-run the failed tasks of this run?">Clear failed</button>
        <button class="btn small" data-action="\(api)/clear" data-body='{"dry_run": false}' data-confirm="Re-run every task of this run?">Clear all</button>
        <button class="btn small" data-method="PATCH" data-action="\(api)" data-body='{"state": "success"}' data-confirm="Mark this run success?">Mark success</button>
        <button class="btn small danger" data-method="PATCH" data-action="\(api)" data-body='{"state": "failed"}' data-confirm="Mark this run failed?">Mark failed</button>
        """))
        </div>
        """
    }

    private func grid() -> HTML {
        guard !runs.isEmpty else { return "<p class=\"empty\">No runs yet. Trigger one, or wait for the schedule.</p>" }
        let columns = Array(runs.reversed())
        let header = columns.map { run -> HTML in
            "<th class=\"run\"><a href=\"\(WebURL.workflow(id, tab: "grid", run: run.id))\" title=\"\(run.runKey)\">\(String(RFC3339Text.human(run.logicalDate).dropFirst(5).prefix(11)))</a></th>"
        }
        let runRow = columns.map { run -> HTML in
            "<td><a class=\"cell state-\(run.state.rawValue)\" href=\"\(WebURL.workflow(id, tab: "grid", run: run.id))\" title=\"run \(run.runKey): \(run.state.rawValue)\"></a></td>"
        }
        let byRun = instances.mapValues { Dictionary($0.map { ($0.taskId, $0) }, uniquingKeysWith: { a, _ in a }) }
        let rows = WorkflowGraphOrder.tasks(definition).map { task -> HTML in
            let cells = columns.map { run -> HTML in
                guard let ti = byRun[run.id]?[task] else { return "<td><span class=\"cell\" title=\"no instance\"></span></td>" }
                return "<td><a class=\"cell state-\(ti.state.rawValue)\" data-task=\"\(task)\" data-state=\"\(ti.state.rawValue)\" href=\"\(WebURL.task(ti.id))\" title=\"\(task) · \(run.runKey): \(ti.state.rawValue)\"></a></td>"
            }
            return "<tr><th>\(task)</th>\(cells)</tr>"
        }
        let actions = selected.map(runActions) ?? ""
        return """
        <div id="grid"\(anyActive ? HTML(raw: " data-refresh=\"1500\"") : "")>\(actions)
        <div class="panel" style="overflow-x:auto"><table class="grid"><tr><th></th>\(header)</tr><tr><th>run</th>\(runRow)</tr>\(rows)</table>
        \(legend())</div>\(pager.render(base: WebURL.workflow(id), query: ["tab": "grid"]))</div>
        """
    }

    private func legend() -> HTML {
        let items = TaskState.allCases.map { "<span class=\"sq state-\($0.rawValue)\"></span>\($0.rawValue)" as HTML }
        return "<p class=\"legend muted\">\(items)</p>"
    }

    private var selectedInstances: [TaskInstanceRecord] { selected.flatMap { instances[$0.id] } ?? [] }

    private func graph() -> HTML {
        let states = Dictionary(selectedInstances.map { ($0.taskId, $0) }, uniquingKeysWith: { a, _ in a })
        let nodes = definition.tasks.map { task in
            GraphNode(id: task.id, upstream: task.upstream, state: states[task.id]?.state.rawValue,
                      href: states[task.id].map { WebURL.task($0.id) })
        }
        let caption: HTML = selected.map { "<p class=\"muted\">Coloured by run \($0.runKey) (\($0.state.rawValue)). Pick another run in the grid.</p>" }
            ?? "<p class=\"muted\">No run yet: the graph shows the structure only.</p>"
        return "<div id=\"graph\" class=\"panel\"\(selected.map { !$0.state.isFinal } == true ? HTML(raw: " data-refresh=\"2000\"") : "")>\(caption)\(GraphSVG.render(nodes: nodes))\(legend())</div>"
    }

    private func gantt() -> HTML {
        guard let run = selected else { return "<p class=\"empty\">No run yet.</p>" }
        let bars = selectedInstances.map { ti in
            GanttBar(taskId: ti.taskId, state: ti.state.rawValue, start: ti.startedAt, end: ti.finishedAt, href: WebURL.task(ti.id))
        }
        return """
        <div id="gantt" class="panel"\(run.state.isFinal ? "" : HTML(raw: " data-refresh=\"2000\""))>
        <p class="muted">Run \(run.runKey) (\(run.state.rawValue)), \(WebFormat.duration(from: run.startedAt, to: run.finishedAt, now: now)).</p>
        \(GanttSVG.render(bars: bars, now: now))</div>
        """
    }

    private func code() -> HTML {
        let pretty = JSONPretty.format(record.definition)
        let source: HTML = record.source.isEmpty ? "submitted over the API" : "<span class=\"mono\">\(record.source)</span>"
        return """
        <div class="panel"><p class="muted">Loaded from \(source) · version <span class="mono">\(String(record.version.prefix(12)))</span> ·
        changed \(WebFormat.time(record.updatedAt))</p><pre class="code">\(pretty)</pre></div>
        """
    }
}
