import Foundation
import RotaCore

/// One job: its definition, its executions (every attempt with output, duration, node and
/// attempt number) and the actions on it.
public struct JobPage: Sendable {
    public var definition: JobDefinition
    public var record: WorkflowRecord
    public var next: Date?
    public var dependents: [String]
    public var attempts: [AttemptRecord]
    public var pager: Pager
    public var now: Date

    public init(definition: JobDefinition, record: WorkflowRecord, next: Date?, dependents: [String],
                attempts: [AttemptRecord], pager: Pager, now: Date) {
        self.definition = definition
        self.record = record
        self.next = next
        self.dependents = dependents
        self.attempts = attempts
        self.pager = pager
        self.now = now
    }

    public func render() -> WebPage {
        let d = definition
        let api = WebURL.dkronJob(d.name)
        let config = d.executorConfig.keys.sorted().map { "\($0): \(d.executorConfig[$0]!)" }.joined(separator: "\n")
        let tags = d.tags.keys.sorted().map { "\($0)=\(d.tags[$0]!)" }.joined(separator: " ")
        let parent: HTML = d.parentJob.isEmpty ? "<span class=\"muted\">–</span>" : "<a href=\"\(WebURL.job(d.parentJob))\">\(d.parentJob)</a>"
        let children: [HTML] = dependents.map { "<a href=\"\(WebURL.job($0))\">\($0)</a> " }
        let running = attempts.contains { $0.state == .running }
        let body: HTML = """
        <h1>Job \(d.name) \(record.disabled ? WebFormat.badge("disabled") : WebFormat.badge(record.status, label: record.status.isEmpty ? "never ran" : nil))</h1>
        <div class="actions">\(WebViewer.operate("""
        <button class="btn primary" id="run-job" data-action="\(api)" data-then="reload">Run now</button>
        <button class="btn" data-action="\(api)/toggle">\(record.disabled ? "Enable" : "Disable")</button>
        """))\(WebViewer.administer("""
        <a class="btn" href="\(WebURL.jobEdit(d.name))">Edit</a>
        <button class="btn danger" data-method="DELETE" data-action="\(api)" data-then="go:/ui/jobs" data-confirm="Delete job \(d.name) and its history?">Delete</button>
        """))</div>
        <div class="cols"><div class="panel"><dl class="facts">
        <dt>Schedule</dt><dd class="mono">\(d.schedule) \(d.timezone.isEmpty ? "" : "(\(d.timezone))")</dd>
        <dt>Next fire</dt><dd>\(WebFormat.time(next))</dd>
        <dt>Executor</dt><dd>\(d.executor)</dd><dt>Config</dt><dd><pre class="code">\(config)</pre></dd>
        <dt>Retries</dt><dd>\(d.retries)</dd><dt>Concurrency</dt><dd>\(d.concurrency.rawValue)</dd>
        <dt>Tags</dt><dd class="mono">\(tags)</dd><dt>Parent</dt><dd>\(parent)</dd><dt>Dependents</dt><dd>\(children)</dd>
        <dt>Owner</dt><dd>\(d.owner) \(d.ownerEmail)</dd>
        </dl></div><div class="panel"><dl class="facts">
        <dt>Succeeded</dt><dd>\(record.successCount)</dd><dt>Failed</dt><dd>\(record.errorCount)</dd>
        <dt>Last success</dt><dd>\(WebFormat.time(record.lastSuccess))</dd><dt>Last error</dt><dd>\(WebFormat.time(record.lastError))</dd>
        <dt>Created</dt><dd>\(WebFormat.time(record.createdAt))</dd><dt>Changed</dt><dd>\(WebFormat.time(record.updatedAt))</dd>
        </dl></div></div>
        <h2>Executions</h2>
        <div id="executions"\(running ? HTML(raw: " data-refresh=\"2000\"") : "")>\(table())\(pager.render(base: WebURL.job(d.name), query: [:]))</div>
        """
        return WebPage(title: "Job \(d.name)", section: .jobs, body: body)
    }

    private func table() -> HTML {
        guard !attempts.isEmpty else { return "<p class=\"empty\">No executions yet.</p>" }
        let rows = attempts.map { a -> HTML in
            let why = a.reason.isEmpty ? (a.exitCode.map { "exit \($0)" } ?? "") : a.reason
            let tail = a.output.count > 4000 ? String(a.output.suffix(4000)) : a.output
            return """
            <tr><td><a href="\(WebURL.task(a.taskInstanceId))">run \(a.runId)</a></td><td>\(a.attempt)</td><td>\(WebFormat.badge(a.state.rawValue))</td>
            <td>\(WebFormat.time(a.startedAt))</td><td>\(WebFormat.duration(from: a.startedAt, to: a.finishedAt, now: now))</td>
            <td>\(a.node)</td><td class="muted">\(why)</td>
            <td><details><summary>output</summary><pre class="log">\(tail)</pre><a href="\(WebURL.attemptLog(a.id))">full log</a></details></td></tr>
            """
        }
        return "<table class=\"list\"><tr><th>Run</th><th>Attempt</th><th>State</th><th>Started</th><th>Duration</th><th>Node</th><th>Why</th><th>Output</th></tr>\(rows)</table>"
    }
}
