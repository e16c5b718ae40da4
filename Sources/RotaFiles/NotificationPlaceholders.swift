import Foundation
import RotaCore

/// The `{{ name }}` placeholders notification payloads and subjects may use, checked when the file
/// is loaded.
///
/// Notifications are rendered by the notifier from the event it sends (RotaNotify's
/// `NotificationTemplate`), not from a task's run context, so they have their own small set of
/// names; a name outside it would be sent as written, which is what this check prevents.
enum NotificationPlaceholders {
    static let names = [
        "workflow", "run_id", "task_id", "state", "kind", "message", "logical_date", "attempt", "log_url", "occurred_at",
    ]

    /// Every problem in `text`, in order.
    static func problems(in text: String) -> [String] {
        var problems: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                let shown = rest[open.lowerBound...].prefix(while: { $0 != "\n" }).prefix(30)
                problems.append("\"\(shown)\": unclosed \"{{\" (no \"}}\" after it)")
                break
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if !names.contains(name) {
                let source = rest[open.lowerBound..<close.upperBound]
                let hint = Suggestion.nearest(to: name, in: names).map { "; did you mean \"\($0)\"?" }
                    ?? " (notifications know \(names.joined(separator: ", ")))"
                problems.append("\"\(source)\": unknown placeholder \"\(name)\"" + hint)
            }
            rest = rest[close.upperBound...]
        }
        return problems
    }
}
