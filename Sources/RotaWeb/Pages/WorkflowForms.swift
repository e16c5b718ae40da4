import Foundation
import RotaCore

/// The trigger form (generated from the workflow's typed params) and the backfill form.
enum WorkflowForms {
    static func trigger(_ definition: WorkflowDefinition) -> HTML {
        let fields = definition.params.map { param -> HTML in
            let hint: HTML = param.description.isEmpty ? "" : "<span class=\"hint\">\(param.description)</span>"
            let label: HTML = "<label>\(param.name) <span class=\"hint\">\(param.type.rawValue)</span> \(hint)</label>"
            let def = param.defaultValue
            if let allowed = param.enumValues {
                let options = allowed.map { v -> HTML in
                    let text = v.scalarText ?? v.compactJSON
                    return "<option value=\"\(text)\"\(v == def ? HTML(raw: " selected") : "")>\(text)</option>"
                }
                return label + "<select data-param=\"\(param.name)\" data-type=\"\(param.type.rawValue)\">\(options)</select>"
            }
            switch param.type {
            case .boolean:
                let checked: HTML = def == .bool(true) ? " checked" : ""
                return "<label><input type=\"checkbox\" data-param=\"\(param.name)\" data-type=\"boolean\"\(checked)> \(param.name) \(hint)</label>"
            case .integer, .number:
                return label + "<input type=\"number\" step=\"any\" data-param=\"\(param.name)\" data-type=\"\(param.type.rawValue)\" value=\"\(def?.scalarText ?? "")\">"
            case .string:
                return label + "<input type=\"text\" data-param=\"\(param.name)\" data-type=\"string\" value=\"\(def?.scalarText ?? "")\">"
            case .array, .object:
                return label + "<textarea data-param=\"\(param.name)\" data-type=\"\(param.type.rawValue)\" rows=\"3\">\(def?.compactJSON ?? "")</textarea>"
            }
        }
        let none: HTML = fields.isEmpty ? "<p class=\"muted\">This workflow declares no params.</p>" : ""
        return """
        <form id="trigger-form" class="edit panel" data-workflow="\(definition.id)">\(none)\(fields)
        <label>Extra conf <span class="hint">JSON object merged over the params (optional)</span></label><textarea name="conf_json" rows="3"></textarea>
        <div class="actions"><button class="btn primary" type="submit" id="trigger-run">Trigger run</button></div></form>
        """
    }

    static func backfill(_ definition: WorkflowDefinition, now: Date) -> HTML {
        guard definition.schedule != nil, definition.parsedSchedule != nil else {
            return "<p class=\"empty\">This workflow has no schedule, so it has no intervals to backfill; trigger it instead.</p>"
        }
        let day = RFC3339Text.human(now.addingTimeInterval(-86400)).prefix(10)
        return """
        <form id="backfill-form" class="edit panel" data-workflow="\(definition.id)">
        <p class="muted">Creates one run for every interval of the schedule whose start lies in the range (UTC). Runs that exist already are kept.</p>
        <label>From</label><input type="datetime-local" name="from" value="\(String(day))T00:00" required>
        <label>To</label><input type="datetime-local" name="to" value="\(String(day))T23:59" required>
        <div class="actions"><button class="btn primary" type="submit">Create runs</button></div></form>
        """
    }
}

/// Task ids in a stable, readable order for the grid: upstream before downstream, then by id.
enum WorkflowGraphOrder {
    static func tasks(_ definition: WorkflowDefinition) -> [String] {
        var depth: [String: Int] = [:]
        let byId = Dictionary(definition.tasks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func level(_ id: String, _ seen: Set<String>) -> Int {
            if let d = depth[id] { return d }
            guard let task = byId[id], !seen.contains(id) else { return 0 }
            let d = (task.upstream.map { level($0, seen.union([id])) }.max() ?? -1) + 1
            depth[id] = d
            return d
        }
        return definition.tasks.map(\.id).sorted { (level($0, []), $0) < (level($1, []), $1) }
    }
}

/// Pretty-prints stored JSON for the definition tab (falls back to the text as stored).
enum JSONPretty {
    static func format(_ text: String) -> String {
        guard let data = text.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data),
              let pretty = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else { return text }
        return String(decoding: pretty, as: UTF8.self)
    }
}
