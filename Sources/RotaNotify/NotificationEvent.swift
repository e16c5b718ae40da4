import Foundation

/// Something about a run or task instance that people asked to be told about.
///
/// The engine builds one per failure, retry, success or SLA miss and hands it to
/// ``Notifier/send(_:webhooks:emails:)``. Its `Codable` form uses snake_case keys and writes
/// absent optionals as `null`, because that form is also the default webhook body: receivers
/// see every field, always under the same name.
public struct NotificationEvent: Sendable, Equatable, Codable {
    /// Why the notification was sent. Raw values are what receivers see in `kind`.
    public enum Kind: String, Sendable, Codable {
        case failure, retry, success
        case slaMiss = "sla_miss"
    }

    public var kind: Kind
    public var workflow: String
    public var runId: String
    public var taskId: String?
    public var attempt: Int?
    public var state: String
    public var logicalDate: Date?
    public var message: String
    public var logURL: String?
    public var occurredAt: Date

    public init(
        kind: Kind, workflow: String, runId: String, taskId: String? = nil, attempt: Int? = nil,
        state: String, logicalDate: Date? = nil, message: String, logURL: String? = nil,
        occurredAt: Date = Date()
    ) {
        self.kind = kind
        self.workflow = workflow
        self.runId = runId
        self.taskId = taskId
        self.attempt = attempt
        self.state = state
        self.logicalDate = logicalDate
        self.message = message
        self.logURL = logURL
        self.occurredAt = occurredAt
    }

    enum CodingKeys: String, CodingKey {
        case kind, workflow, state, message, attempt
        case runId = "run_id"
        case taskId = "task_id"
        case logicalDate = "logical_date"
        case logURL = "log_url"
        case occurredAt = "occurred_at"
    }

    /// Writes every key, `null` included, so a receiver's schema does not depend on the event.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(workflow, forKey: .workflow)
        try container.encode(runId, forKey: .runId)
        try container.encode(taskId, forKey: .taskId)
        try container.encode(attempt, forKey: .attempt)
        try container.encode(state, forKey: .state)
        try container.encode(logicalDate, forKey: .logicalDate)
        try container.encode(message, forKey: .message)
        try container.encode(logURL, forKey: .logURL)
        try container.encode(occurredAt, forKey: .occurredAt)
    }
}
