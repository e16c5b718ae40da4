import Foundation

/// A cron job as Dkron users write it, field for field.
///
/// This is the *definition* (what a user sends); the computed fields Dkron returns (`status`,
/// `next`, the counters) come from the Store and are added by the API. Internally a job becomes a
/// workflow of one task: `taskSpec` is that task.
public struct JobDefinition: Sendable, Equatable, Codable {
    public enum Concurrency: String, Sendable, Codable { case allow, forbid }

    public var name: String
    public var displayName: String
    public var schedule: String
    public var timezone: String
    public var owner: String
    public var ownerEmail: String
    public var disabled: Bool
    public var tags: [String: String]
    public var metadata: [String: String]
    public var retries: Int
    public var parentJob: String
    public var concurrency: Concurrency
    public var executor: String
    public var executorConfig: [String: String]
    public var processors: [String: [String: String]]
    public var ephemeral: Bool
    public var startsAt: Date?
    public var expiresAt: Date?

    public init(name: String, schedule: String = "", executor: String = "shell",
                executorConfig: [String: String] = [:]) {
        self.name = name
        self.displayName = ""
        self.schedule = schedule
        self.timezone = ""
        self.owner = ""
        self.ownerEmail = ""
        self.disabled = false
        self.tags = [:]
        self.metadata = [:]
        self.retries = 0
        self.parentJob = ""
        self.concurrency = .allow
        self.executor = executor
        self.executorConfig = executorConfig
        self.processors = [:]
        self.ephemeral = false
        self.startsAt = nil
        self.expiresAt = nil
    }

    private enum CodingKeys: String, CodingKey {
        case name, displayName = "displayname", schedule, timezone, owner, ownerEmail = "owner_email"
        case disabled, tags, metadata, retries, parentJob = "parent_job", concurrency, executor
        case executorConfig = "executor_config", processors, ephemeral, startsAt = "starts_at"
        case expiresAt = "expires_at"
    }

    /// The zone the schedule's wall-clock fields are read in (UTC when none is set: servers'
    /// local time makes the same job fire differently on different hosts).
    public var timeZone: TimeZone {
        timezone.isEmpty ? TimeZone(identifier: "UTC")! : (ZoneIdentifier.timeZone(timezone) ?? TimeZone(identifier: "UTC")!)
    }

    /// The parsed schedule, or nil for a child job (no schedule) and for one that does not parse.
    public var parsedSchedule: Schedule? {
        schedule.isEmpty ? nil : try? Schedule.parse(schedule, jobName: name)
    }

    /// The next instant this job fires on its own after `date`, honouring `starts_at`/`expires_at`.
    public func nextFire(after date: Date) -> Date? {
        guard let schedule = parsedSchedule else { return nil }
        return ScheduleBounds(startsAt: startsAt, expiresAt: expiresAt).next(of: schedule, after: date, in: timeZone)
    }

    /// The single task this job runs.
    public var taskSpec: TaskSpec {
        TaskSpec(executor: executor, config: executorConfig, retry: RetryPolicy(retries: retries),
                 environment: ["ENV_JOB_NAME": name])
    }
}
