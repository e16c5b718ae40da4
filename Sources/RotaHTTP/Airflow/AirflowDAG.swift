import Foundation
import RotaCore
import RotaEngine

/// Airflow's `DAGResponse` for one workflow.
///
/// A workflow's file is its DAG file: `fileloc` is the file it was loaded from, and the Store's
/// content hash of the definition stands in for Airflow's bundle version. `timetable_summary` is
/// the schedule exactly as written (Rota's own CLI parses it back for backfills), and
/// `timetable_description` is null: Rota has no cron-to-prose renderer.
struct AirflowDAG: Encodable, Sendable {
    /// Airflow's name for the default (local folder) DAG bundle.
    static let bundleName = "dags-folder"

    struct Tag: Encodable, Sendable {
        var name: String
        var dag_id: String
        var dag_display_name: String
    }

    var dag_id: String
    var dag_display_name: String
    var is_paused: Bool
    var is_stale: Bool
    @Null var last_parsed_time: String?
    @Null var last_parse_duration: Double?
    @Null var last_expired: String?
    @Null var bundle_name: String?
    @Null var bundle_version: String?
    @Null var relative_fileloc: String?
    var fileloc: String
    @Null var description: String?
    @Null var timetable_summary: String?
    @Null var timetable_description: String?
    var timetable_partitioned = false
    var timetable_periodic: Bool
    var is_backfillable: Bool
    var tags: [Tag]
    var max_active_tasks: Int
    @Null var max_active_runs: Int?
    var max_consecutive_failed_dag_runs = 0
    var has_task_concurrency_limits: Bool
    var has_import_errors: Bool
    @Null var next_dagrun_logical_date: String?
    @Null var next_dagrun_data_interval_start: String?
    @Null var next_dagrun_data_interval_end: String?
    @Null var next_dagrun_run_after: String?
    @Null var allowed_run_types: [String]?
    var owners: [String]
    var file_token: String

    init(_ view: WorkflowView, hasImportErrors: Bool) {
        let definition = view.definition, record = view.record
        dag_id = definition.id
        let name = Self.displayName(view)
        dag_display_name = name
        is_paused = record.disabled
        is_stale = !record.active
        last_parsed_time = AirflowFormat.time(record.updatedAt)
        bundle_name = Self.bundleName
        bundle_version = record.version
        fileloc = record.source
        relative_fileloc = record.source.isEmpty ? nil : (record.source as NSString).lastPathComponent
        description = definition.description.isEmpty ? nil : definition.description
        timetable_summary = definition.schedule
        timetable_periodic = definition.parsedSchedule != nil
        is_backfillable = timetable_periodic
        tags = definition.tags.map { Tag(name: $0, dag_id: definition.id, dag_display_name: name) }
        max_active_tasks = definition.maxActiveTasks
        max_active_runs = definition.maxActiveRuns
        has_task_concurrency_limits = definition.tasks.contains { $0.poolSlots > 1 }
        has_import_errors = hasImportErrors
        next_dagrun_logical_date = AirflowFormat.time(view.nextInterval?.start)
        next_dagrun_data_interval_start = AirflowFormat.time(view.nextInterval?.start)
        next_dagrun_data_interval_end = AirflowFormat.time(view.nextInterval?.end)
        next_dagrun_run_after = AirflowFormat.time(view.nextInterval?.end)
        owners = [Self.owner(definition)]
        file_token = ContentHash.hex(of: record.source.isEmpty ? definition.id : record.source)
    }

    /// Workflows have no separate display name: the id is shown.
    static func displayName(_ view: WorkflowView) -> String { view.definition.id }

    /// Airflow's default owner when a DAG names none.
    static func owner(_ definition: WorkflowDefinition) -> String {
        definition.owner.isEmpty ? "airflow" : definition.owner
    }
}

/// Airflow's `DAGDetailsResponse`: every `DAGResponse` field plus the ones below, in one object.
struct AirflowDAGDetails: Encodable, Sendable {
    var dag: AirflowDAG
    var catchup: Bool
    @Null var dag_run_timeout: String?
    @Null var asset_expression: [String: String]?
    @Null var doc_md: String?
    @Null var start_date: String?
    @Null var end_date: String?
    @Null var is_paused_upon_creation: Bool?
    var params: [String: AirflowParam]
    var render_template_as_native_obj = false
    @Null var template_search_path: [String]?
    var timezone: String
    @Null var last_parsed: String?
    @Null var default_args: [String: String]?
    @Null var owner_links: [String: String]?
    var is_favorite = false
    var active_runs_count: Int
    @Null var latest_dag_version: String?
    var concurrency: Int
    @Null var rerun_with_latest_version: Bool?

    init(_ view: WorkflowView, hasImportErrors: Bool, activeRuns: Int) {
        let definition = view.definition
        dag = AirflowDAG(view, hasImportErrors: hasImportErrors)
        catchup = definition.catchup
        start_date = AirflowFormat.time(definition.startDate)
        end_date = AirflowFormat.time(definition.endDate)
        params = Dictionary(definition.params.map { ($0.name, AirflowParam($0)) }, uniquingKeysWith: { a, _ in a })
        timezone = definition.timezone.isEmpty ? "UTC" : definition.timezone
        last_parsed = AirflowFormat.time(view.record.updatedAt)
        active_runs_count = activeRuns
        concurrency = definition.maxActiveTasks
    }

    private enum CodingKeys: String, CodingKey {
        case catchup, dag_run_timeout, asset_expression, doc_md, start_date, end_date, is_paused_upon_creation, params
        case render_template_as_native_obj, template_search_path, timezone, last_parsed, default_args, owner_links
        case is_favorite, active_runs_count, latest_dag_version, concurrency, rerun_with_latest_version
    }

    /// The shared fields first (JSONEncoder merges both into one object), then the detail fields.
    func encode(to encoder: any Encoder) throws {
        try dag.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(catchup, forKey: .catchup)
        try c.encode(_dag_run_timeout, forKey: .dag_run_timeout)
        try c.encode(_asset_expression, forKey: .asset_expression)
        try c.encode(_doc_md, forKey: .doc_md)
        try c.encode(_start_date, forKey: .start_date)
        try c.encode(_end_date, forKey: .end_date)
        try c.encode(_is_paused_upon_creation, forKey: .is_paused_upon_creation)
        try c.encode(params, forKey: .params)
        try c.encode(render_template_as_native_obj, forKey: .render_template_as_native_obj)
        try c.encode(_template_search_path, forKey: .template_search_path)
        try c.encode(timezone, forKey: .timezone)
        try c.encode(_last_parsed, forKey: .last_parsed)
        try c.encode(_default_args, forKey: .default_args)
        try c.encode(_owner_links, forKey: .owner_links)
        try c.encode(is_favorite, forKey: .is_favorite)
        try c.encode(active_runs_count, forKey: .active_runs_count)
        try c.encode(_latest_dag_version, forKey: .latest_dag_version)
        try c.encode(concurrency, forKey: .concurrency)
        try c.encode(_rerun_with_latest_version, forKey: .rerun_with_latest_version)
    }
}

/// A declared param as Airflow serializes a `Param`: its value (the default), description and
/// JSON Schema.
struct AirflowParam: Encodable, Sendable {
    var __class = "airflow.sdk.definitions.param.Param"
    @Null var value: JSONValue?
    @Null var description: String?
    var schema: [String: JSONValue]

    init(_ spec: ParamSpec) {
        value = spec.defaultValue
        description = spec.description.isEmpty ? nil : spec.description
        var schema: [String: JSONValue] = ["type": .string(spec.type.rawValue)]
        if let allowed = spec.enumValues { schema["enum"] = .array(allowed) }
        self.schema = schema
    }
}

/// `{"dags": [...], "total_entries": N}`.
struct AirflowDAGCollection: Encodable, Sendable {
    var dags: [AirflowDAG]
    var total_entries: Int
}
