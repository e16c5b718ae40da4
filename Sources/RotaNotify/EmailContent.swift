/// What an email notification says: the subject line and a plain-text body listing the event.
///
/// The body is for people reading mail on a phone: one field per line, the message last so a
/// long task error does not push the facts out of view.
enum EmailContent {
    static func subject(for event: NotificationEvent, template: String?) -> String {
        if let template {
            return NotificationTemplate.render(template, event: event, escaping: .none)
        }
        let parts = ["[rota]", event.workflow, event.taskId, event.kind.rawValue].compactMap { $0 }
        return parts.joined(separator: " ")
    }

    static func body(for event: NotificationEvent) -> String {
        var lines = [
            "Workflow:     \(event.workflow)",
            "Run:          \(event.runId)",
        ]
        if let task = event.taskId { lines.append("Task:         \(task)") }
        if let attempt = event.attempt { lines.append("Attempt:      \(attempt)") }
        lines.append("Kind:         \(event.kind.rawValue)")
        lines.append("State:        \(event.state)")
        if let date = event.logicalDate { lines.append("Logical date: \(Timestamp.iso8601(date))") }
        lines.append("Occurred at:  \(Timestamp.iso8601(event.occurredAt))")
        if let url = event.logURL { lines.append("Log:          \(url)") }
        lines.append("")
        lines.append(event.message)
        return lines.joined(separator: "\n") + "\n"
    }
}
