/// Who to tell when something happens to a workflow run or task: Airflow's `on_failure_callback`,
/// `on_retry_callback`, `on_success_callback` and `sla_miss_callback`, as data rather than code.
///
/// Data because a definition must be storable and runnable by any worker without importing user
/// code; webhooks and email cover what those callbacks are used for in practice.
public struct NotificationRule: Sendable, Equatable, Codable {
    /// The events a rule can fire on.
    public static let eventNames = ["failure", "retry", "success", "sla_miss"]

    /// A subset of `eventNames`.
    public var events: [String]
    public var webhook: WebhookTarget?
    public var email: EmailTarget?
    /// For `sla_miss`: how long after the run's logical date (or start, for a manual run) the run or
    /// task may take before the miss is reported.
    public var slaSeconds: Int?

    public init(events: [String], webhook: WebhookTarget? = nil, email: EmailTarget? = nil, slaSeconds: Int? = nil) {
        self.events = events
        self.webhook = webhook
        self.email = email
        self.slaSeconds = slaSeconds
    }

    /// Whether the rule fires on `event`.
    public func fires(on event: String) -> Bool { events.contains(event) }

    private enum CodingKeys: String, CodingKey { case events, webhook, email, slaSeconds = "sla_seconds" }
}
