import Foundation
import RotaCore

/// Airflow's `DAGRunResponse` for one run, field for field.
///
/// `dag_run_id` is the run key. Rota keeps no run notes, no per-run DAG-version rows and no user
/// names, so `note`, `triggering_user_name` and `last_scheduling_decision` are null and
/// `dag_versions` is empty; `bundle_version` carries the content hash of the definition the run
/// executes, which is what Airflow's bundle version identifies.
struct AirflowDAGRun: Encodable, Sendable {
    var dag_run_id: String
    var dag_id: String
    var dag_display_name: String
    @Null var logical_date: String?
    @Null var queued_at: String?
    @Null var start_date: String?
    @Null var end_date: String?
    @Null var duration: Double?
    @Null var data_interval_start: String?
    @Null var data_interval_end: String?
    var run_after: String
    @Null var last_scheduling_decision: String?
    var run_type: String
    var state: String
    @Null var triggered_by: String?
    @Null var triggering_user_name: String?
    @Null var conf: [String: JSONValue]?
    @Null var note: String?
    var dag_versions: [String] = []
    @Null var bundle_version: String?
    @Null var partition_key: String?
    @Null var partition_date: String?

    init(_ run: RunRecord, displayName: String) {
        dag_run_id = run.runKey
        dag_id = run.workflow
        dag_display_name = displayName
        logical_date = AirflowFormat.time(run.logicalDate)
        queued_at = AirflowFormat.time(run.createdAt)
        start_date = AirflowFormat.time(run.startedAt)
        end_date = AirflowFormat.time(run.finishedAt)
        duration = AirflowFormat.duration(run.startedAt, run.finishedAt)
        data_interval_start = AirflowFormat.time(run.dataIntervalStart)
        data_interval_end = AirflowFormat.time(run.dataIntervalEnd)
        run_after = RFC3339.formatFractional(Self.runAfter(run))
        run_type = Self.runType(run.trigger)
        state = run.state.rawValue
        triggered_by = Self.triggeredBy(run.trigger)
        conf = AirflowFormat.object(run.conf) ?? [:]
        bundle_version = run.version.isEmpty ? nil : run.version
    }

    /// When the run became due: the end of its data interval for scheduled runs, the trigger time
    /// otherwise (Airflow 3's `run_after`).
    static func runAfter(_ run: RunRecord) -> Date {
        run.trigger == .schedule ? (run.dataIntervalEnd ?? run.logicalDate) : run.createdAt
    }

    /// Airflow's `DagRunType`. A run started by another workflow is `manual` (with `triggered_by`
    /// `operator`): `operator_triggered` exists only in clients from 3.3 on, and older ones would
    /// refuse the whole response.
    static func runType(_ trigger: RunRecord.Trigger) -> String {
        switch trigger {
        case .schedule: return "scheduled"
        case .manual, .dependent: return "manual"
        case .backfill: return "backfill"
        }
    }

    static func triggeredBy(_ trigger: RunRecord.Trigger) -> String {
        switch trigger {
        case .schedule: return "timetable"
        case .manual: return "rest_api"
        case .dependent: return "operator"
        case .backfill: return "backfill"
        }
    }

    static let states = RunState.allCases.map(\.rawValue)
    static let runTypes = ["backfill", "scheduled", "manual", "operator_triggered", "asset_triggered", "asset_materialization"]
}

/// `{"dag_runs": [...], "total_entries": N}`.
struct AirflowDAGRunCollection: Encodable, Sendable {
    var dag_runs: [AirflowDAGRun]
    var total_entries: Int
}
