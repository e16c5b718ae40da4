import Foundation
import RotaCore

/// One task instance: its attempts and history, the command as rendered for it, its result, and
/// the log (tailing live while it runs), with clear and mark actions.
public struct TaskInstancePage: Sendable {
    public var task: TaskInstanceRecord
    public var run: RunRecord
    /// Jobs are operated through Dkron's API (run again); workflow tasks through Airflow's (clear, mark).
    public var isJob: Bool
    /// Oldest first.
    public var attempts: [AttemptRecord]
    /// The attempt whose log is shown (the latest unless one was asked for).
    public var shown: AttemptRecord?
    /// The task's spec with its templates rendered for this run (nil when rendering failed).
    public var rendered: TaskSpec?
    public var now: Date

    public init(task: TaskInstanceRecord, run: RunRecord, isJob: Bool, attempts: [AttemptRecord], shown: AttemptRecord?,
                rendered: TaskSpec?, now: Date) {
        self.task = task
        self.run = run
        self.isJob = isJob
        self.attempts = attempts
        self.shown = shown
        self.rendered = rendered
        self.now = now
    }

    public func render() -> WebPage {
        let owner: HTML = isJob ? "job <a href=\"\(WebURL.job(task.workflow))\">\(task.workflow)</a>"
            : "workflow <a href=\"\(WebURL.workflow(task.workflow, tab: "grid", run: run.id))\">\(task.workflow)</a>"
        let spec = rendered ?? task.spec
        let command = spec.config["command"] ?? spec.config["url"] ?? ""
        let config = spec.config.keys.sorted().filter { $0 != "command" }.map { "\($0): \(spec.config[$0]!)" }.joined(separator: "\n")
        let body: HTML = """
        <h1>Task \(task.taskId) <span id="ti-state">\(WebFormat.badge(task.state.rawValue))</span></h1>
        <p class="muted">\(owner) · run <span class="mono">\(run.runKey)</span> \(WebFormat.badge(run.state.rawValue)) · try \(task.tryNumber) of \(task.maxTries)</p>
        \(actions())
        <div class="cols"><div class="panel"><h2>Command</h2><pre class="code" id="rendered-command">\(command)</pre>
        \(config.isEmpty ? HTML.empty : HTML("<pre class=\"code\">\(config)</pre>"))
        <dl class="facts"><dt>Executor</dt><dd>\(spec.executor)</dd><dt>Trigger rule</dt><dd>\(task.triggerRule)</dd>
        <dt>Upstream</dt><dd>\(task.upstream.joined(separator: ", "))</dd><dt>Pool</dt><dd>\(task.pool.isEmpty ? "–" : task.pool)</dd>
        <dt>Queue</dt><dd>\(task.queue)</dd><dt>Priority</dt><dd>\(task.priority)</dd><dt>Node</dt><dd>\(task.node ?? "–")</dd>
        <dt>Result</dt><dd class="mono">\(task.result ?? "–")</dd></dl></div>
        <div class="panel"><h2>History</h2>\(history())</div></div>
        <h2 id="log">Log \(logHeader())</h2>
        \(logBlock())
        <h2>Attempts</h2>\(attemptTable())
        """
        return WebPage(title: "\(task.taskId) · \(task.workflow)", section: isJob ? .jobs : .workflows, body: body)
    }

    private func actions() -> HTML {
        guard WebViewer.current.canOperate else { return "" }
        if isJob {
            return """
            <div class="actions"><button class="btn primary" data-action="\(WebURL.dkronJob(task.workflow))" data-then="go:\(WebURL.job(task.workflow))">Run job again</button></div>
            """
        }
        let clearURL = "/api/v2/dags/\(WebURL.segment(task.workflow))/clearTaskInstances"
        let patchURL = WebURL.airflowRun(task.workflow, run.runKey) + "/taskInstances/\(WebURL.segment(task.taskId))"
        func clearBody(_ downstream: Bool) -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            struct Body: Encodable { var dry_run = false; var only_failed = false; var dag_run_id: String; var task_ids: [String]; var include_downstream: Bool }
            let data = (try? encoder.encode(Body(dag_run_id: run.runKey, task_ids: [task.taskId], include_downstream: downstream))) ?? Data()
            return String(decoding: data, as: UTF8.self)
        }
        return """
        <div class="actions">
        <button class="btn" id="clear-task" data-action="\(clearURL)" data-body="\(clearBody(false))" data-confirm="Clear \(task.taskId): run it again?">Clear</button>
        <button class="btn" id="clear-downstream" data-action="\(clearURL)" data-body="\(clearBody(true))" data-confirm="Clear \(task.taskId) and everything downstream?">Clear with downstream</button>
        <button class="btn" data-method="PATCH" data-action="\(patchURL)" data-body='{"new_state": "success"}' data-confirm="Mark \(task.taskId) success?">Mark success</button>
        <button class="btn danger" data-method="PATCH" data-action="\(patchURL)" data-body='{"new_state": "failed"}' data-confirm="Mark \(task.taskId) failed?">Mark failed</button>
        </div>
        """
    }

    private func history() -> HTML {
        var lines: [HTML] = ["<li>\(WebFormat.time(run.createdAt)) created with the run (\(run.trigger.rawValue))</li>"]
        for a in attempts {
            lines.append("<li>\(WebFormat.time(a.startedAt)) attempt \(a.attempt) started on \(a.node)</li>")
            if let end = a.finishedAt {
                let why = a.reason.isEmpty ? (a.exitCode.map { ", exit code \($0)" } ?? "") : ": \(a.reason)"
                lines.append("<li>\(WebFormat.time(end)) attempt \(a.attempt) \(WebFormat.badge(a.state.rawValue))\(why) after \(WebFormat.duration(from: a.startedAt, to: end, now: now))</li>")
            }
        }
        if task.state == .upForRetry {
            lines.append("<li>retry due \(WebFormat.time(task.readyAt)) (\(WebFormat.relative(task.readyAt, now: now)))</li>")
        } else if !task.state.isFinal && task.state != .running {
            lines.append("<li>now \(WebFormat.badge(task.state.rawValue))</li>")
        } else if task.state.isFinal, attempts.isEmpty {
            lines.append("<li>\(WebFormat.time(task.finishedAt)) \(WebFormat.badge(task.state.rawValue)) without running</li>")
        }
        return "<ul class=\"history\">\(lines)</ul>"
    }

    private func logHeader() -> HTML {
        guard let a = shown else { return "" }
        let status: HTML = "<span id=\"log-status\" class=\"badge state-\(a.state.rawValue)\">\(a.state == .running ? "live" : a.state.rawValue)</span>"
        return "<span class=\"muted\">attempt \(a.attempt)</span> \(status) <a class=\"btn small\" id=\"download-log\" href=\"\(WebURL.attemptLog(a.id))?download=1\">Download</a>"
    }

    private func logBlock() -> HTML {
        guard let a = shown else { return "<p class=\"empty\">No attempt yet: the log appears when the task starts.</p>" }
        let truncated: HTML = a.outputTruncated ? "<p class=\"muted\">Only the last part of the output was kept (the tail limit); older lines were dropped.</p>" : ""
        if a.state == .running {
            return "\(truncated)<pre class=\"log\" id=\"log-text\" data-stream=\"/ui/attempts/\(a.id)/stream\">\(a.output)</pre>"
        }
        return "\(truncated)<pre class=\"log\" id=\"log-text\">\(a.output.isEmpty ? "(no output)" : a.output)</pre>"
    }

    private func attemptTable() -> HTML {
        guard !attempts.isEmpty else { return "<p class=\"empty\">None yet.</p>" }
        let rows = attempts.reversed().map { a -> HTML in
            """
            <tr><td><a href="\(WebURL.task(task.id))?attempt=\(a.attempt)#log">\(a.attempt)</a></td><td>\(WebFormat.badge(a.state.rawValue))</td>
            <td>\(a.node)</td><td>\(WebFormat.time(a.startedAt))</td><td>\(WebFormat.duration(from: a.startedAt, to: a.finishedAt, now: now))</td>
            <td>\(a.exitCode.map(String.init) ?? "–")</td><td class="muted">\(a.reason)</td></tr>
            """
        }
        return "<table class=\"list\"><tr><th>Attempt</th><th>State</th><th>Node</th><th>Started</th><th>Duration</th><th>Exit</th><th>Why</th></tr>\(rows)</table>"
    }
}
