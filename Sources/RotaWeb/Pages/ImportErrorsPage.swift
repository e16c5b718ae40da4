import RotaCore

/// Workflow files that failed to load, with the file, line and message the loader reported; the
/// last valid version of each workflow stays in force meanwhile.
public struct ImportErrorsPage: Sendable {
    public var errors: [ImportErrorRecord]
    public init(errors: [ImportErrorRecord]) { self.errors = errors }

    public func render() -> WebPage {
        let rows = errors.map { e -> HTML in
            "<tr><td class=\"mono\">\(e.file)</td><td>\(WebFormat.time(e.createdAt))</td><td><pre class=\"code\">\(e.message)</pre></td></tr>"
        }
        let table: HTML = errors.isEmpty ? "<p class=\"empty\">Every workflow file loaded.</p>"
            : "<table class=\"list\" id=\"import-errors\"><tr><th>File</th><th>Since</th><th>Problem</th></tr>\(rows)</table>"
        let body: HTML = "<h1>Import errors</h1>\(table)"
        return WebPage(title: "Import errors", section: .importErrors, body: body)
    }
}
