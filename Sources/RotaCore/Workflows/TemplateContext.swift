import Foundation

/// The values templates in a task's config see when one task instance runs.
///
/// Airflow's context, reduced to data: dates, ids, params, the run's `conf` and the results of
/// upstream tasks. Dates are read in `timeZone` (the workflow's zone, UTC by default), so
/// `{{ ds }}` of a Berlin `@daily` run is the Berlin date (Airflow renders the UTC date, a common
/// surprise for workflows outside UTC).
///
/// Manual runs: Airflow 3 leaves `logical_date` null for a manual run and then omits `ds`, `ts`
/// and the data interval. Rota renders them from `runAfter` instead (the time the run was
/// requested for: its creation time unless the trigger named one), so a command written for
/// scheduled runs also works when triggered by hand. The data interval of such a run is the
/// zero-length interval at that instant.
public struct TemplateContext: Sendable, Equatable {
    public var dagId: String
    public var taskId: String
    /// The run's key (`scheduled__2026-01-01T00:00:00Z`, `manual__…`).
    public var runId: String
    /// Nil for a manual run.
    public var logicalDate: Date?
    /// The earliest time the run may start; its creation time for a manual run.
    public var runAfter: Date
    public var dataIntervalStart: Date?
    public var dataIntervalEnd: Date?
    public var timeZone: TimeZone
    /// 1 for the first try.
    public var tryNumber: Int
    /// Resolved param values (defaults overridden by conf: `WorkflowDefinition.resolvedParams`).
    public var params: [String: JSONValue]
    /// The run's `conf` as given by whoever triggered it.
    public var conf: [String: JSONValue]
    /// The result each finished upstream task wrote, by task id.
    public var taskResults: [String: JSONValue]
    /// The server's named secrets (`{{ secrets.NAME }}`).
    public var secrets: SecretValues = SecretValues()

    public init(dagId: String, taskId: String = "", runId: String, logicalDate: Date?, runAfter: Date,
                dataIntervalStart: Date? = nil, dataIntervalEnd: Date? = nil,
                timeZone: TimeZone = TimeZone(identifier: "UTC")!, tryNumber: Int = 1,
                params: [String: JSONValue] = [:], conf: [String: JSONValue] = [:],
                taskResults: [String: JSONValue] = [:], secrets: SecretValues = SecretValues()) {
        self.secrets = secrets
        self.dagId = dagId
        self.taskId = taskId
        self.runId = runId
        self.logicalDate = logicalDate
        self.runAfter = runAfter
        self.dataIntervalStart = dataIntervalStart
        self.dataIntervalEnd = dataIntervalEnd
        self.timeZone = timeZone
        self.tryNumber = tryNumber
        self.params = params
        self.conf = conf
        self.taskResults = taskResults
    }

    /// The logical date, or `runAfter` for a manual run.
    public var effectiveLogicalDate: Date { logicalDate ?? runAfter }

    /// The data interval's start, or the effective logical date when the run has none.
    public var effectiveIntervalStart: Date { dataIntervalStart ?? effectiveLogicalDate }

    /// The data interval's end, or the effective logical date when the run has none.
    public var effectiveIntervalEnd: Date { dataIntervalEnd ?? effectiveLogicalDate }
}
