import Foundation

/// A stored definition (a cron job now, a DAG later) with the counters Dkron computes for a job.
public struct WorkflowRecord: Sendable, Equatable {
    /// `job` for a Dkron-style job (a workflow of one task), `dag` for a workflow file.
    public enum Kind: String, Sendable, Codable { case job, dag }

    public var name: String
    public var kind: Kind
    /// The definition as JSON text (for a job: `JobDefinition`).
    public var definition: String
    /// Content hash of `definition`: runs record which version they ran.
    public var version: String
    public var disabled: Bool
    /// Dkron's `parent_job` (empty when none); indexed so `dependent_jobs` is a lookup.
    public var parent: String
    /// Dkron's computed status: "", "running", "success", "failed" or (a run spread over several
    /// nodes by a tag count that failed on some of them) "partially_failed".
    public var status: String
    public var successCount: Int
    public var errorCount: Int
    public var lastSuccess: Date?
    public var lastError: Date?
    public var createdAt: Date
    public var updatedAt: Date
    /// False once a workflow's file was removed: kept with its history, never scheduled.
    public var active: Bool = true
    /// The file a workflow was loaded from ("" for API-created definitions).
    public var source: String = ""
    /// 0 means unlimited (jobs).
    public var maxActiveRuns: Int = 0
    public var maxActiveTasks: Int = 0

    public init(name: String, kind: Kind, definition: String, version: String, disabled: Bool, parent: String,
                status: String = "", successCount: Int = 0, errorCount: Int = 0, lastSuccess: Date? = nil,
                lastError: Date? = nil, createdAt: Date, updatedAt: Date) {
        self.name = name
        self.kind = kind
        self.definition = definition
        self.version = version
        self.disabled = disabled
        self.parent = parent
        self.status = status
        self.successCount = successCount
        self.errorCount = errorCount
        self.lastSuccess = lastSuccess
        self.lastError = lastError
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
