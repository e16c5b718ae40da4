/// What one `{{ … }}` refers to, parsed from the text between the braces.
///
/// Rota's templates are variables only, no Jinja logic: a command's meaning must be readable from
/// the file, and a variable can be checked when the file is loaded (a typo is a load error with
/// its line, not a failed run at 3 a.m.). Paths step into JSON values with `.key`, `["key"]` or
/// `[0]`; a quoted string (`{{ '{{' }}`) is a literal, the way to write `{{` itself.
public enum TemplateExpression: Sendable, Equatable {
    case ds, dsNodash, ts, tsNodash, tsNodashWithTz, logicalDate, dataIntervalStart, dataIntervalEnd
    case runId, dagId, taskId, tryNumber
    /// `params.NAME…`
    case param(String, path: [TemplateKey])
    /// `dag_run.conf…` or `conf…`; an empty path is the whole conf.
    case conf(path: [TemplateKey])
    /// `tasks.ID.result…`
    case taskResult(String, path: [TemplateKey])
    /// `'text'` or `"text"`, inserted as written.
    case literal(String)
    /// `secrets.NAME`: a named secret of the server, never stored with the definition.
    case secret(String)

    /// Variables that take no path, by name.
    static let simple: [String: TemplateExpression] = [
        "ds": .ds, "ds_nodash": .dsNodash, "ts": .ts, "ts_nodash": .tsNodash, "ts_nodash_with_tz": .tsNodashWithTz,
        "logical_date": .logicalDate, "data_interval_start": .dataIntervalStart,
        "data_interval_end": .dataIntervalEnd, "run_id": .runId, "try_number": .tryNumber,
    ]

    /// Variables reached through an object (`dag.id`), by object and field.
    static let fields: [String: [String: TemplateExpression]] = [
        "dag": ["id": .dagId, "dag_id": .dagId],
        "task": ["id": .taskId, "task_id": .taskId],
        "ti": ["try_number": .tryNumber],
        "task_instance": ["try_number": .tryNumber],
        "dag_run": ["run_id": .runId, "logical_date": .logicalDate, "conf": .conf(path: [])],
    ]

    /// Every variable a template may name, for documentation and did-you-mean.
    public static let variableNames: [String] = [
        "ds", "ds_nodash", "ts", "ts_nodash", "ts_nodash_with_tz", "logical_date", "data_interval_start",
        "data_interval_end", "run_id", "dag.id", "task.id", "task_instance.try_number", "ti.try_number",
        "try_number", "params.NAME", "dag_run.conf.KEY", "conf.KEY", "tasks.ID.result", "secrets.NAME",
    ]

    static let roots = Array(simple.keys) + Array(fields.keys) + ["params", "conf", "tasks", "secrets"]

    /// The task ids this expression reads results of (`tasks.ID.result`).
    public var referencedTask: String? {
        if case .taskResult(let id, _) = self { return id }
        return nil
    }

    /// The param this expression reads, if any.
    public var referencedParam: String? {
        if case .param(let name, _) = self { return name }
        return nil
    }
}
