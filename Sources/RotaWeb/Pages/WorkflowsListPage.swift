import Foundation
import RotaCore

/// The workflows list (Airflow's DAGs page): schedule, paused switch, next run and the last runs
/// as coloured squares.
public struct WorkflowsListPage: Sendable {
    public struct Row: Sendable {
        public var definition: WorkflowDefinition
        public var record: WorkflowRecord
        public var nextRun: Date?
        /// Newest first.
        public var lastRuns: [RunRecord]
        public init(definition: WorkflowDefinition, record: WorkflowRecord, nextRun: Date?, lastRuns: [RunRecord]) {
            self.definition = definition
            self.record = record
            self.nextRun = nextRun
            self.lastRuns = lastRuns
        }
    }

    public var rows: [Row]
    public var pager: Pager
    public var query: [String: String]
    public var importErrors: Int

    public init(rows: [Row], pager: Pager, query: [String: String], importErrors: Int) {
        self.rows = rows
        self.pager = pager
        self.query = query
        self.importErrors = importErrors
    }

    public func render() -> WebPage {
        let warning: HTML = importErrors == 0 ? "" :
            "<div class=\"panel\" style=\"border-color:#e2b4b1\">\(importErrors) workflow file(s) failed to load: <a href=\"/ui/import-errors\">see import errors</a></div>"
        let paused = query["paused"]
        func opt(_ v: String, _ label: String) -> HTML { "<option value=\"\(v)\"\(v == (paused ?? "") ? HTML(raw: " selected") : "")>\(label)</option>" }
        let body: HTML = """
        <h1>Workflows</h1>\(warning)
        <form class="filters" method="get" action="/ui/workflows">
        <input type="search" name="q" placeholder="Search id" value="\(query["q"] ?? "")" aria-label="Search workflows">
        <input type="text" name="tag" placeholder="tag" value="\(query["tag"] ?? "")" aria-label="Filter by tag">
        <select name="paused" aria-label="Paused">\(opt("", "active and paused"))\(opt("false", "active only"))\(opt("true", "paused only"))</select>
        <button class="btn" type="submit">Filter</button></form>
        <div id="workflows" data-refresh="5000">\(table())\(pager.render(base: "/ui/workflows", query: query))</div>
        """
        return WebPage(title: "Workflows", section: .workflows, body: body)
    }

    private func table() -> HTML {
        guard !rows.isEmpty else { return "<p class=\"empty\">No workflows. Put a workflow file in the dags folder, or PUT /rota/v1/workflows/{id}.</p>" }
        let body = rows.map { row -> HTML in
            let id = row.definition.id
            let squares = row.lastRuns.reversed().map { run -> HTML in
                WebFormat.square(run.state.rawValue, title: "\(run.runKey): \(run.state.rawValue)", href: WebURL.workflow(id, tab: "grid", run: run.id))
            }
            let isPaused = row.record.disabled
            let toggle: HTML = !WebViewer.current.canOperate ? WebFormat.badge(isPaused ? "disabled" : "success", label: isPaused ? "paused" : "active") : """
            <button class="btn small switch" role="switch" aria-checked="\(isPaused ? "false" : "true")" data-method="PATCH" \
            data-action="/api/v2/dags/\(WebURL.segment(id))" data-body='{"is_paused": \(isPaused ? "false" : "true")}'>\(isPaused ? "paused" : "active")</button>
            """
            let tags = row.definition.tags.joined(separator: ", ")
            return """
            <tr data-workflow="\(id)"><td>\(toggle)</td><td><a href="\(WebURL.workflow(id))">\(id)</a>\(row.record.active ? HTML.empty : HTML(" <span class=\"badge state-removed\">file removed</span>"))
            <div class="muted">\(String(row.definition.description.prefix(120)))</div></td>
            <td class="mono">\(row.definition.schedule ?? "none")</td><td>\(row.definition.owner)</td><td>\(tags)</td>
            <td>\(squares)</td><td>\(WebFormat.time(row.nextRun))</td>
            <td>\(WebViewer.operate("<a class=\"btn small\" href=\"\(WebURL.workflow(id, tab: "trigger"))\">Trigger</a>"))</td></tr>
            """
        }
        return "<table class=\"list\"><tr><th></th><th>Workflow</th><th>Schedule</th><th>Owner</th><th>Tags</th><th>Last runs</th><th>Next run</th><th></th></tr>\(body)</table>"
    }
}
