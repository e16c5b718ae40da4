import Foundation

/// Renders `{{ … }}` templates in task configs and exposes the same values as environment
/// variables.
///
/// Supported variables: `ds`, `ds_nodash`, `ts`, `ts_nodash`, `ts_nodash_with_tz`,
/// `logical_date`, `data_interval_start`, `data_interval_end`, `run_id`, `params.NAME`,
/// `dag_run.conf.KEY` (or `conf.KEY`), `dag.id`, `task.id`, `task_instance.try_number` (or
/// `ti.try_number`), `tasks.ID.result`. Whitespace inside the braces is optional. A string value
/// renders as it is, any other JSON value as compact JSON; a value that does not exist (a param
/// with no value, a conf key not given, a task that wrote no result) renders as an empty string.
/// Rendering never fails: text `TemplateChecker` would reject is copied unchanged (the loader
/// rejects it before a run exists).
public enum Template {
    /// `text` with every expression replaced by its value, inserted as `mode` says.
    public static func render(_ text: String, context: TemplateContext, mode: TemplateMode) -> String {
        var out = ""
        for piece in TemplatePiece.split(text) {
            switch piece {
            case .text(let s), .unclosed(let s):
                out += s
            case .expression(let source, let inner):
                switch TemplateExpression.parse(String(inner)) {
                case .success(.literal(let literal)): out += literal
                case .success(let expression): out += mode.insert(value(of: expression, in: context) ?? "")
                case .failure: out += source
                }
            }
        }
        return out
    }

    /// The value of one expression, nil when it does not exist.
    public static func value(of expression: TemplateExpression, in c: TemplateContext) -> String? {
        let zone = c.timeZone
        switch expression {
        case .ds: return TemplateDateFormat.ds(c.effectiveLogicalDate, in: zone)
        case .dsNodash: return TemplateDateFormat.dsNodash(c.effectiveLogicalDate, in: zone)
        case .ts, .logicalDate: return TemplateDateFormat.ts(c.effectiveLogicalDate, in: zone)
        case .tsNodash: return TemplateDateFormat.tsNodash(c.effectiveLogicalDate, in: zone)
        case .tsNodashWithTz: return TemplateDateFormat.tsNodashWithTz(c.effectiveLogicalDate, in: zone)
        case .dataIntervalStart: return TemplateDateFormat.ts(c.effectiveIntervalStart, in: zone)
        case .dataIntervalEnd: return TemplateDateFormat.ts(c.effectiveIntervalEnd, in: zone)
        case .runId: return c.runId
        case .dagId: return c.dagId
        case .taskId: return c.taskId
        case .tryNumber: return String(c.tryNumber)
        case .param(let name, let path):
            return c.params[name].flatMap { TemplateKey.follow(path, into: $0) }?.compactText
        case .conf(let path):
            return TemplateKey.follow(path, into: .object(c.conf))?.compactText
        case .taskResult(let id, let path):
            return c.taskResults[id].flatMap { TemplateKey.follow(path, into: $0) }?.compactText
        case .literal(let text): return text
        case .secret(let name): return c.secrets.value(name)
        }
    }

    /// The run's values as environment variables for a task's process, so scripts can read them
    /// without templates: `ROTA_DS`, `ROTA_DS_NODASH`, `ROTA_TS`, `ROTA_LOGICAL_DATE`,
    /// `ROTA_DATA_INTERVAL_START`, `ROTA_DATA_INTERVAL_END`, `ROTA_RUN_ID`, `ROTA_DAG_ID`,
    /// `ROTA_TASK_ID`, `ROTA_TRY_NUMBER`, `ROTA_PARAM_<NAME upper-cased>` for each param with a
    /// value, and `ROTA_CONF` (the conf as compact JSON).
    public static func environmentVariables(_ c: TemplateContext) -> [String: String] {
        var env = runEnvironmentVariables(c)
        env["ROTA_TASK_ID"] = c.taskId
        env["ROTA_TRY_NUMBER"] = String(c.tryNumber)
        return env
    }

    /// The variables every task of a run shares (all but `ROTA_TASK_ID` and `ROTA_TRY_NUMBER`):
    /// computed once per run by the renderer, as formatting six dates per task cost more than
    /// the claim's SQL (bench W1).
    public static func runEnvironmentVariables(_ c: TemplateContext) -> [String: String] {
        var env: [String: String] = [
            "ROTA_DS": value(of: .ds, in: c) ?? "",
            "ROTA_DS_NODASH": value(of: .dsNodash, in: c) ?? "",
            "ROTA_TS": value(of: .ts, in: c) ?? "",
            "ROTA_LOGICAL_DATE": value(of: .logicalDate, in: c) ?? "",
            "ROTA_DATA_INTERVAL_START": value(of: .dataIntervalStart, in: c) ?? "",
            "ROTA_DATA_INTERVAL_END": value(of: .dataIntervalEnd, in: c) ?? "",
            "ROTA_RUN_ID": c.runId,
            "ROTA_DAG_ID": c.dagId,
            "ROTA_CONF": JSONValue.object(c.conf).compactJSON,
        ]
        for (name, value) in c.params {
            env["ROTA_PARAM_" + name.uppercased()] = value.compactText
        }
        return env
    }
}

extension Template {
    /// Renders every string inside a JSON value (raw mode), leaving its structure alone: how a
    /// `trigger_workflow` conf is rendered, so a value holding quotes cannot break the JSON.
    public static func renderStrings(in value: JSONValue, context: TemplateContext) -> JSONValue {
        switch value {
        case .string(let text): return .string(render(text, context: context, mode: .raw))
        case .array(let items): return .array(items.map { renderStrings(in: $0, context: context) })
        case .object(let object): return .object(object.mapValues { renderStrings(in: $0, context: context) })
        case .null, .bool, .number: return value
        }
    }
}
