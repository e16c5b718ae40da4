import Foundation

/// The body and content type of a webhook request.
///
/// Without a template the body is the event itself as JSON. With one, the rendered text is
/// sent as `application/json` when it parses as JSON (the usual case: Slack, Teams) and as
/// `text/plain` otherwise; a `Content-Type` in the target's headers overrides either.
enum WebhookPayload {
    static func render(_ event: NotificationEvent, template: String?) -> (body: String, contentType: String) {
        guard let template else {
            return (defaultJSON(event), "application/json")
        }
        let body = NotificationTemplate.render(template, event: event, escaping: .jsonString)
        let isJSON = (try? JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed])) != nil
        return (body, isJSON ? "application/json" : "text/plain; charset=utf-8")
    }

    static func defaultJSON(_ event: NotificationEvent) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.iso8601(date))
        }
        // Encoding strings, numbers and nulls cannot fail; the fallback only satisfies `try`.
        guard let data = try? encoder.encode(event) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
