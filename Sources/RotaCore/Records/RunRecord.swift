import Foundation

/// One execution of a workflow for one logical instant.
public struct RunRecord: Sendable, Equatable {
    /// Why the run exists; scheduled runs are unique per (workflow, instant).
    public enum Trigger: String, Sendable, Codable { case schedule, manual, dependent, backfill }

    public var id: Int64
    public var workflow: String
    /// Unique per workflow: `scheduled__<instant>`, `manual__<instant>__<n>`, `dependent__<parent run>`.
    public var runKey: String
    public var logicalDate: Date
    public var trigger: Trigger
    public var state: RunState
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
    /// The definition version (content hash) this run executes.
    public var version: String = ""
    /// The JSON object a manual trigger passed (`{}` otherwise).
    public var conf: String = "{}"
    public var dataIntervalStart: Date?
    public var dataIntervalEnd: Date?

    public init(id: Int64, workflow: String, runKey: String, logicalDate: Date, trigger: Trigger, state: RunState,
                createdAt: Date, startedAt: Date?, finishedAt: Date?) {
        self.id = id
        self.workflow = workflow
        self.runKey = runKey
        self.logicalDate = logicalDate
        self.trigger = trigger
        self.state = state
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }
}
