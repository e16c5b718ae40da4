import Foundation
import RotaCore

/// The jobs list (Dkron's dashboard): search, filters, and the everyday actions on each row.
public struct JobsListPage: Sendable {
    public struct Row: Sendable {
        public var definition: JobDefinition
        public var record: WorkflowRecord
        public var next: Date?
        public init(definition: JobDefinition, record: WorkflowRecord, next: Date?) {
            self.definition = definition
            self.record = record
            self.next = next
        }
    }

    public var rows: [Row]
    public var pager: Pager
    /// The filters as given (`q`, `status`, `disabled`, `tag`), echoed into the form and links.
    public var query: [String: String]
    public var now: Date

    public init(rows: [Row], pager: Pager, query: [String: String], now: Date) {
        self.rows = rows
        self.pager = pager
        self.query = query
        self.now = now
    }

    public func render() -> WebPage {
        let body: HTML = """
        <h1>Jobs</h1>
        <div class="actions">\(WebViewer.administer("<a class=\"btn primary\" href=\"/ui/jobs/new\" id=\"new-job\">New job</a>"))</div>
        \(filters())
        <div id="jobs" data-refresh="5000">\(table())\(pager.render(base: "/ui/jobs", query: query))</div>
        """
        return WebPage(title: "Jobs", section: .jobs, body: body)
    }

    private func option(_ value: String, _ label: String, selected: String?) -> HTML {
        "<option value=\"\(value)\"\(value == (selected ?? "") ? HTML(raw: " selected") : "")>\(label)</option>"
    }

    private func filters() -> HTML {
        let status = query["status"]
        let disabled = query["disabled"]
        let statuses: [HTML] = [option("", "any status", selected: status), option("success", "success", selected: status),
                                option("failed", "failed", selected: status), option("running", "running", selected: status),
                                option("untriggered", "never ran", selected: status)]
        let enabled: [HTML] = [option("", "enabled and disabled", selected: disabled), option("false", "enabled only", selected: disabled),
                               option("true", "disabled only", selected: disabled)]
        return """
        <form class="filters" method="get" action="/ui/jobs">
        <input type="search" name="q" placeholder="Search name" value="\(query["q"] ?? "")" aria-label="Search jobs">
        <input type="text" name="tag" placeholder="tag key=value" value="\(query["tag"] ?? "")" aria-label="Filter by tag">
        <select name="status" aria-label="Status">\(statuses)</select>
        <select name="disabled" aria-label="Enabled">\(enabled)</select>
        <button class="btn" type="submit">Filter</button></form>
        """
    }

    private func table() -> HTML {
        guard !rows.isEmpty else { return "<p class=\"empty\">No jobs match. Create one with “New job”, POST /v1/jobs, or a file in the jobs folder.</p>" }
        let body = rows.map { row -> HTML in
            let name = row.definition.name
            let tags = row.definition.tags.keys.sorted().map { "\($0)=\(row.definition.tags[$0]!)" }.joined(separator: " ")
            let status = row.record.disabled ? WebFormat.badge("disabled") : WebFormat.badge(row.record.status, label: row.record.status.isEmpty ? "never ran" : nil)
            let runURL = WebURL.dkronJob(name)
            return """
            <tr data-job="\(name)"><td><a href="\(WebURL.job(name))">\(name)</a>\(row.definition.displayName.isEmpty ? HTML.empty : HTML("<div class=\"muted\">\(row.definition.displayName)</div>"))</td>
            <td class="mono">\(row.definition.schedule)</td><td>\(status)</td>
            <td>\(row.record.successCount) / \(row.record.errorCount)</td>
            <td>\(WebFormat.time(row.record.lastSuccess ?? row.record.lastError))</td><td>\(WebFormat.time(row.next))</td>
            <td class="mono">\(tags)</td>
            <td class="actions">\(WebViewer.operate("""
            <button class="btn small" data-action="\(runURL)" data-then="toast">Run</button>
            <button class="btn small" data-action="\(runURL)/toggle">\(row.record.disabled ? "Enable" : "Disable")</button>
            """))\(WebViewer.administer("""
            <button class="btn small danger" data-method="DELETE" data-action="\(runURL)" data-confirm="Delete job \(name) and its history?">Delete</button>
            """))</td></tr>
            """
        }
        return """
        <table class="list"><tr><th>Name</th><th>Schedule</th><th>Status</th><th>OK / failed</th><th>Last run</th><th>Next</th><th>Tags</th><th></th></tr>
        \(body)</table>
        """
    }
}
