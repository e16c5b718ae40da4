/// Where and how to POST a notification: Dkron's `webhook-endpoint`, `webhook-headers` and
/// `webhook-payload` in one value.
public struct WebhookTarget: Sendable, Equatable {
    /// The endpoint; the request is always a POST.
    public var url: String
    /// Sent as given; a `Content-Type` here replaces the one Rota would choose.
    public var headers: [String: String]
    /// The body, with `{{ name }}` placeholders (see ``NotificationTemplate``) whose values are
    /// escaped for the inside of a JSON string, whatever the template's format. `nil` sends the
    /// event as a JSON document.
    public var payloadTemplate: String?

    public init(url: String, headers: [String: String] = [:], payloadTemplate: String? = nil) {
        self.url = url
        self.headers = headers
        self.payloadTemplate = payloadTemplate
    }
}
