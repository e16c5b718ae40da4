import Foundation
import RotaCore
import RotaEngine

/// Dkron's job JSON, key for key and in Dkron's order.
struct DkronJob: Encodable {
    var id: String
    var name: String
    var displayname: String
    var timezone: String
    var schedule: String
    var owner: String
    var owner_email: String
    var success_count: Int
    var error_count: Int
    var last_success: String?
    var last_error: String?
    var disabled: Bool
    var tags: [String: String]
    var metadata: [String: String]
    var retries: Int
    var dependent_jobs: [String]?
    var parent_job: String
    var processors: [String: [String: String]]
    var concurrency: String
    var executor: String
    var executor_config: [String: String]
    var status: String
    var next: String
    var ephemeral: Bool
    var expires_at: String?
    var starts_at: String?

    static let zeroTime = "0001-01-01T00:00:00Z"

    init(_ view: JobView) {
        let job = view.definition
        let record = view.record
        id = job.name
        name = job.name
        displayname = job.displayName
        timezone = job.timezone
        schedule = job.schedule
        owner = job.owner
        owner_email = job.ownerEmail
        success_count = record.successCount
        error_count = record.errorCount
        last_success = record.lastSuccess.map(RFC3339.formatFractional)
        last_error = record.lastError.map(RFC3339.formatFractional)
        disabled = record.disabled
        tags = job.tags
        metadata = job.metadata
        retries = job.retries
        dependent_jobs = view.dependentJobs.isEmpty ? nil : view.dependentJobs
        parent_job = job.parentJob
        processors = job.processors
        concurrency = job.concurrency.rawValue
        executor = job.executor
        executor_config = job.executorConfig
        status = record.status
        next = view.next.map(RFC3339.format) ?? Self.zeroTime
        ephemeral = job.ephemeral
        expires_at = job.expiresAt.map(RFC3339.format)
        starts_at = job.startsAt.map(RFC3339.format)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(id, forKey: "id")
        try c.encode(name, forKey: "name")
        try c.encode(displayname, forKey: "displayname")
        try c.encode(timezone, forKey: "timezone")
        try c.encode(schedule, forKey: "schedule")
        try c.encode(owner, forKey: "owner")
        try c.encode(owner_email, forKey: "owner_email")
        try c.encode(success_count, forKey: "success_count")
        try c.encode(error_count, forKey: "error_count")
        try c.encode(last_success, forKey: "last_success")
        try c.encode(last_error, forKey: "last_error")
        try c.encode(disabled, forKey: "disabled")
        try c.encode(tags, forKey: "tags")
        try c.encode(metadata, forKey: "metadata")
        try c.encode(retries, forKey: "retries")
        try c.encode(dependent_jobs, forKey: "dependent_jobs")
        try c.encode(parent_job, forKey: "parent_job")
        try c.encode(processors, forKey: "processors")
        try c.encode(concurrency, forKey: "concurrency")
        try c.encode(executor, forKey: "executor")
        try c.encode(executor_config, forKey: "executor_config")
        try c.encode(status, forKey: "status")
        try c.encode(next, forKey: "next")
        try c.encode(ephemeral, forKey: "ephemeral")
        try c.encode(expires_at, forKey: "expires_at")
        try c.encode(starts_at, forKey: "starts_at")
    }
}

/// A string coding key, so hand-written encoders can keep Dkron's key order.
struct Key: CodingKey, ExpressibleByStringLiteral {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
    init(stringLiteral value: String) { stringValue = value }
}
