import RotaCore

/// The audit log: every change, who made it, when and from where (admins only).
public struct AuditPage: Sendable {
    public var entries: [AuditRecord]
    public var pager: Pager

    public init(entries: [AuditRecord], pager: Pager) {
        self.entries = entries
        self.pager = pager
    }

    public func render() -> WebPage {
        let rows = entries.map { e -> HTML in
            let cls = e.status >= 400 ? "failed" : "success"
            return """
            <tr><td>\(WebFormat.time(e.at))</td><td>\(e.actor)</td><td>\(e.role)</td><td class="mono">\(e.action)\(e.target.isEmpty ? "" : "?\(e.target)")</td>
            <td>\(WebFormat.badge(cls, label: String(e.status)))</td><td class="mono">\(e.source)</td></tr>
            """
        }
        let table: HTML = entries.isEmpty ? "<p class=\"empty\">No changes recorded yet.</p>"
            : "<table class=\"list\" id=\"audit\"><tr><th>When</th><th>Who</th><th>Role</th><th>What</th><th>Status</th><th>From</th></tr>\(rows)</table>"
        return WebPage(title: "Audit log", section: .audit, body: "<h1>Audit log</h1>\(table)\(pager.render(base: "/ui/audit", query: [:]))")
    }
}
