import Foundation

/// Fills `{{ name }}` placeholders in webhook payloads and email subjects.
///
/// A handful of fixed names, not a template language: payloads in the wild (Slack, Teams,
/// PagerDuty) only need to drop values into a fixed JSON shape. Names are `workflow`, `run_id`,
/// `task_id`, `state`, `kind`, `message`, `logical_date`, `attempt`, `log_url` and
/// `occurred_at`; spaces inside the braces are optional. An absent value renders as the empty
/// string. An unknown name is left as written, so text meant for another engine (Dkron's
/// `{{.JobName}}`, say) passes through unchanged rather than vanishing.
public enum NotificationTemplate {
    /// How values are written into the text.
    public enum Escaping: Sendable {
        /// As is (email subjects).
        case none
        /// Escaped for the inside of a JSON string literal: quotes, backslashes and control
        /// characters become escapes, so a message with `"` or a newline keeps the JSON valid.
        case jsonString
    }

    public static func render(_ template: String, event: NotificationEvent, escaping: Escaping) -> String {
        var output = ""
        var rest = template[...]
        while let open = rest.range(of: "{{") {
            output += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                rest = rest[open.lowerBound...]
                break
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingWhitespace()
            if let value = value(named: name, in: event) {
                output += escaping == .jsonString ? jsonEscaped(value) : value
            } else {
                output += rest[open.lowerBound..<close.upperBound]
            }
            rest = rest[close.upperBound...]
        }
        return output + rest
    }

    /// The value a placeholder stands for, or `nil` when the name is not one of ours.
    static func value(named name: String, in event: NotificationEvent) -> String? {
        switch name {
        case "workflow": event.workflow
        case "run_id": event.runId
        case "task_id": event.taskId ?? ""
        case "state": event.state
        case "kind": event.kind.rawValue
        case "message": event.message
        case "logical_date": event.logicalDate.map(Timestamp.iso8601) ?? ""
        case "occurred_at": Timestamp.iso8601(event.occurredAt)
        case "attempt": event.attempt.map(String.init) ?? ""
        case "log_url": event.logURL ?? ""
        default: nil
        }
    }

    /// RFC 8259 string escaping, without the surrounding quotes.
    public static func jsonEscaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

/// The one timestamp format receivers see: ISO 8601 in UTC, to the second.
enum Timestamp {
    static func iso8601(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
    }
}
