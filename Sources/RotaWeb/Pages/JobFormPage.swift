import Foundation
import RotaCore

/// Create or edit a job. The form posts Dkron's job document to `/v1/jobs`, so it accepts and
/// refuses exactly what the API does; the schedule is checked as you type against the server's
/// own parser, with the next five fire times.
public struct JobFormPage: Sendable {
    public var job: JobDefinition?

    public init(job: JobDefinition?) { self.job = job }

    static func json(_ map: [String: String]) -> String {
        guard !map.isEmpty else { return "{}" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return (try? encoder.encode(map)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    public func render() -> WebPage {
        let j = job
        let editing = j != nil
        let concurrency = j?.concurrency.rawValue ?? "allow"
        let executor = j?.executor ?? "shell"
        let config = j.map { Self.json($0.executorConfig) } ?? "{\n  \"command\": \"echo hello\"\n}"
        func opt(_ v: String, _ current: String) -> HTML { "<option\(v == current ? HTML(raw: " selected") : "")>\(v)</option>" }
        let nameField: HTML = editing
            ? "<input type=\"text\" name=\"name\" value=\"\(j!.name)\" readonly>"
            : "<input type=\"text\" name=\"name\" required pattern=\"[A-Za-z0-9_.\\-]+\" placeholder=\"nightly-backup\">"
        let body: HTML = """
        <h1>\(editing ? "Edit job \(j!.name)" : "New job")</h1>
        <form id="job-form" class="edit panel" autocomplete="off">
        <label>Name <span class="hint">letters, digits, - _ .</span></label>\(nameField)
        <label>Display name</label><input type="text" name="displayname" value="\(j?.displayName ?? "")">
        <label>Schedule <span class="hint">cron (6 or 5 fields), @every 10s, @daily, @at 2026-12-01T10:00:00Z, @manually</span></label>
        <input type="text" name="schedule" id="schedule" value="\(j?.schedule ?? "@every 1m")" required>
        <div id="schedule-preview" class="preview" aria-live="polite"></div>
        <label>Time zone <span class="hint">IANA name; empty means UTC</span></label><input type="text" name="timezone" value="\(j?.timezone ?? "")">
        <label>Executor</label><select name="executor">\(opt("shell", executor))\(opt("http", executor))</select>
        <label>Executor config <span class="hint">JSON object, e.g. {"command": "…", "timeout": "30s"}</span></label>
        <textarea name="executor_config" rows="5">\(config)</textarea>
        <label>Retries</label><input type="number" name="retries" min="0" max="100" value="\(j?.retries ?? 0)">
        <label>Concurrency</label><select name="concurrency">\(opt("allow", concurrency))\(opt("forbid", concurrency))</select>
        <label>Parent job <span class="hint">run after this job succeeds instead of on a schedule</span></label>
        <input type="text" name="parent_job" value="\(j?.parentJob ?? "")">
        <label>Tags <span class="hint">JSON object; "role": "web:2" runs on two nodes tagged role=web</span></label>
        <textarea name="tags" rows="2">\(Self.json(j?.tags ?? [:]))</textarea>
        <label>Metadata <span class="hint">JSON object</span></label><textarea name="metadata" rows="2">\(Self.json(j?.metadata ?? [:]))</textarea>
        <label>Owner</label><input type="text" name="owner" value="\(j?.owner ?? "")">
        <label>Owner email</label><input type="text" name="owner_email" value="\(j?.ownerEmail ?? "")">
        <label><input type="checkbox" name="disabled"\(j?.disabled == true ? HTML(raw: " checked") : "")> Disabled</label>
        <div class="actions"><button class="btn primary" type="submit" id="save-job">\(editing ? "Save" : "Create job")</button>
        <a class="btn" href="\(editing ? WebURL.job(j!.name) : "/ui/jobs")">Cancel</a></div>
        </form>
        """
        return WebPage(title: editing ? "Edit \(j!.name)" : "New job", section: .jobs, body: body)
    }
}
