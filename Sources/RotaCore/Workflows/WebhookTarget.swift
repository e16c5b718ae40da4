/// Where a webhook notification is posted.
public struct WebhookTarget: Sendable, Equatable, Codable {
    public var url: String
    public var headers: [String: String]
    /// The request body, with the notifier's `{{ name }}` placeholders (`workflow`, `run_id`,
    /// `task_id`, `state`, `kind`, `message`, `logical_date`, `attempt`, `log_url`,
    /// `occurred_at`), not a task's template variables; nil sends Rota's default JSON document
    /// describing the event.
    public var payload: String?

    public init(url: String, headers: [String: String] = [:], payload: String? = nil) {
        self.url = url
        self.headers = headers
        self.payload = payload
    }

    private enum CodingKeys: String, CodingKey { case url, headers, payload }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(url: try c.decode(String.self, forKey: .url),
                  headers: try c.decodeIfPresent([String: String].self, forKey: .headers) ?? [:],
                  payload: try c.decodeIfPresent(String.self, forKey: .payload))
    }
}
