import Foundation
import RotaCore

extension WorkflowFileDecoder {
    static let workflowFields = [
        "id", "description", "owner", "tags", "schedule", "timezone", "start_date", "end_date", "catchup",
        "max_active_runs", "max_active_tasks", "params", "defaults", "tasks", "notifications",
    ]

    /// Airflow presets `Schedule` does not know, with what to write instead.
    static let presetHints = [
        "@once": "for one run use \"@at <RFC 3339 time>\", or leave schedule out and trigger the workflow",
        "@quarterly": "write the cron expression \"0 0 1 */3 *\"",
        "@continuous": "continuous runs are not supported; use \"@every <duration>\" with max_active_runs: 1",
    ]

    /// The whole workflow; nil only when the document is not a mapping. Problems are in `problems`.
    mutating func decodeWorkflow(_ document: JSONValue) -> WorkflowDefinition? {
        guard let top = object(document, "", known: Self.workflowFields, what: "a mapping of workflow fields") else {
            return nil
        }
        var w = WorkflowDefinition(id: "")
        if let id = requiredString(top["id"], "id"), checkName(id, "id") { w.id = id }
        w.description = string(top["description"], "description") ?? ""
        w.owner = string(top["owner"], "owner") ?? ""
        w.tags = stringList(top["tags"], "tags", allowSingle: true) ?? []
        w.timezone = timezone(top["timezone"])
        w.schedule = schedule(top["schedule"], workflowId: w.id, zone: w.timeZone)
        w.startDate = date(top["start_date"], "start_date", zone: w.timeZone)
        w.endDate = date(top["end_date"], "end_date", zone: w.timeZone)
        if let start = w.startDate, let end = w.endDate, end <= start { report("end_date", "must be after start_date") }
        w.catchup = bool(top["catchup"], "catchup") ?? false
        w.maxActiveRuns = int(top["max_active_runs"], "max_active_runs", in: 1...10_000) ?? 16
        w.maxActiveTasks = int(top["max_active_tasks"], "max_active_tasks", in: 1...100_000) ?? 16
        w.params = params(top["params"])
        var defaults = TaskKnobs()
        if let value = top["defaults"], value != .null,
           let object = object(value, "defaults", known: TaskKnobs.fields) {
            defaults = knobs(object, "defaults", task: nil)
        }
        let parsed = taskList(top["tasks"], defaults: defaults, workflowId: w.id)
        w.tasks = parsed.map(\.task)
        w.notifications = notifications(top["notifications"], "notifications", task: nil)
        let graph = checkGraph(parsed)
        checkTemplates(params: w.params.map(\.name), graph: graph.graph, edges: graph.edges)
        return w
    }

    private mutating func timezone(_ value: JSONValue?) -> String {
        guard let zone = string(value, "timezone"), !zone.isEmpty else { return "" }
        if ZoneIdentifier.timeZone(zone) == nil {
            report("timezone", "unknown time zone \"\(zone)\" (use an IANA name such as Europe/Berlin)"
                   + hint(zone, TimeZone.knownTimeZoneIdentifiers))
            return ""
        }
        return zone
    }

    private mutating func schedule(_ value: JSONValue?, workflowId: String, zone: TimeZone) -> String? {
        guard let text = requiredIfPresent(value, "schedule") else { return nil }
        let schedule = text.trimmingCharacters(in: .whitespaces)
        do {
            let parsed = try Schedule.parse(schedule, jobName: workflowId)
            do { try JobDefinition.checkFires(parsed, field: "schedule", in: zone) } catch {
                report("schedule", String(error.message.dropFirst("schedule: ".count)))
                return nil
            }
        } catch {
            var detail = error.message.hasPrefix("schedule ") ? String(error.message.dropFirst("schedule ".count)) : error.message
            if let hint = Self.presetHints[schedule] { detail += "; " + hint }
            report("schedule", detail)
            return nil
        }
        return schedule
    }

    /// An RFC 3339 time, or a date (`2026-01-01`) meaning midnight in the workflow's zone.
    private mutating func date(_ value: JSONValue?, _ path: String, zone: TimeZone) -> Date? {
        guard let value, value != .null else { return nil }
        if case .string(let text) = value, let date = RFC3339.parse(text) ?? Self.midnight(text, in: zone) {
            if (try? JobDefinition.validateTime(date, field: path)) == nil {
                report(path, "\"\(text)\" is out of range (\(JobDefinition.timeRange))")
                return nil
            }
            return date
        }
        report(path, "expected an RFC 3339 time such as 2026-01-01T00:00:00Z or a date such as 2026-01-01, got \(Self.describe(value))")
        return nil
    }

    private static func midnight(_ text: String, in zone: TimeZone) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components),
              calendar.component(.day, from: date) == day else { return nil }
        return date
    }
}
