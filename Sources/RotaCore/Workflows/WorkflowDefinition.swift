import Foundation

/// A stored workflow (an Airflow DAG): its schedule, params and tasks.
///
/// This is the definition as Rota stores it (`workflows.definition`, `kind = dag`), whatever it was
/// written in; the YAML file format is read by `RotaFiles.WorkflowFileLoader`, which validates
/// everything and reports every problem with its line. Keeping the stored form plain data (no
/// code, no pickles) lets any node schedule and run it.
public struct WorkflowDefinition: Sendable, Equatable, Codable {
    /// Same rules as a Dkron job name (`JobDefinition.validateName`).
    public var id: String
    public var description: String
    public var owner: String
    public var tags: [String]
    /// Anything `Schedule.parse` accepts (cron, `@daily`, `@every 1h`, …); nil runs only when triggered.
    public var schedule: String?
    /// IANA zone the schedule and the date templates are read in; "" means UTC.
    public var timezone: String
    public var startDate: Date?
    public var endDate: Date?
    /// Whether missed intervals since `startDate` get runs (Airflow 3's default: false).
    public var catchup: Bool
    public var maxActiveRuns: Int
    public var maxActiveTasks: Int
    /// In file order.
    public var params: [ParamSpec]
    /// In file order.
    public var tasks: [WorkflowTask]
    public var notifications: [NotificationRule]

    public init(id: String, description: String = "", owner: String = "", tags: [String] = [], schedule: String? = nil,
                timezone: String = "", startDate: Date? = nil, endDate: Date? = nil, catchup: Bool = false,
                maxActiveRuns: Int = 16, maxActiveTasks: Int = 16, params: [ParamSpec] = [], tasks: [WorkflowTask] = [],
                notifications: [NotificationRule] = []) {
        self.id = id
        self.description = description
        self.owner = owner
        self.tags = tags
        self.schedule = schedule
        self.timezone = timezone
        self.startDate = startDate
        self.endDate = endDate
        self.catchup = catchup
        self.maxActiveRuns = maxActiveRuns
        self.maxActiveTasks = maxActiveTasks
        self.params = params
        self.tasks = tasks
        self.notifications = notifications
    }

    private enum CodingKeys: String, CodingKey {
        case id, description, owner, tags, schedule, timezone, startDate = "start_date", endDate = "end_date"
        case catchup, maxActiveRuns = "max_active_runs", maxActiveTasks = "max_active_tasks", params, tasks
        case notifications
    }

    /// Dates are RFC 3339 text whatever the coder's date strategy, so the stored JSON (and its
    /// content hash) is the same everywhere. Missing keys take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try c.decode(String.self, forKey: .id))
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
        owner = try c.decodeIfPresent(String.self, forKey: .owner) ?? ""
        tags = try c.decodeIfPresent([String].self, forKey: .tags) ?? []
        schedule = try c.decodeIfPresent(String.self, forKey: .schedule)
        timezone = try c.decodeIfPresent(String.self, forKey: .timezone) ?? ""
        startDate = try Self.decodeDate(c, .startDate)
        endDate = try Self.decodeDate(c, .endDate)
        catchup = try c.decodeIfPresent(Bool.self, forKey: .catchup) ?? false
        maxActiveRuns = try c.decodeIfPresent(Int.self, forKey: .maxActiveRuns) ?? 16
        maxActiveTasks = try c.decodeIfPresent(Int.self, forKey: .maxActiveTasks) ?? 16
        params = try c.decodeIfPresent([ParamSpec].self, forKey: .params) ?? []
        tasks = try c.decodeIfPresent([WorkflowTask].self, forKey: .tasks) ?? []
        notifications = try c.decodeIfPresent([NotificationRule].self, forKey: .notifications) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(description, forKey: .description)
        try c.encode(owner, forKey: .owner)
        try c.encode(tags, forKey: .tags)
        try c.encodeIfPresent(schedule, forKey: .schedule)
        try c.encode(timezone, forKey: .timezone)
        try c.encodeIfPresent(startDate.map(RFC3339.formatFractional), forKey: .startDate)
        try c.encodeIfPresent(endDate.map(RFC3339.formatFractional), forKey: .endDate)
        try c.encode(catchup, forKey: .catchup)
        try c.encode(maxActiveRuns, forKey: .maxActiveRuns)
        try c.encode(maxActiveTasks, forKey: .maxActiveTasks)
        try c.encode(params, forKey: .params)
        try c.encode(tasks, forKey: .tasks)
        try c.encode(notifications, forKey: .notifications)
    }

    private static func decodeDate(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Date? {
        guard let text = try c.decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let date = RFC3339.parse(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "\"\(text)\" is not an RFC 3339 time")
        }
        return date
    }
}
