import Foundation

extension WorkflowDefinition {
    /// The task with `id`, if any.
    public func task(_ id: String) -> WorkflowTask? {
        tasks.first { $0.id == id }
    }

    /// The zone the schedule and date templates are read in (UTC when none or an unknown one is set).
    public var timeZone: TimeZone {
        timezone.isEmpty ? TimeZone(identifier: "UTC")! : (ZoneIdentifier.timeZone(timezone) ?? TimeZone(identifier: "UTC")!)
    }

    /// The parsed schedule; nil for a workflow run only when triggered (or one that does not parse).
    public var parsedSchedule: Schedule? {
        schedule.flatMap { try? Schedule.parse($0, jobName: id) }
    }

    /// Resolves a task to what a worker runs: executor, config, retry policy, environment and
    /// outputs, marked `templated` (rendered just before it runs).
    ///
    /// `execution_timeout` becomes the executor's `timeout`: a Go duration ("1h0m0s") for shell
    /// and trigger_workflow, whole seconds rounded up for http (its executor's unit). Templates in
    /// the config are left as they are: they are rendered per task instance, when its run's values
    /// (and its upstream tasks' results) are known.
    public func taskSpec(for task: WorkflowTask) -> TaskSpec {
        var config = task.config
        if let timeout = task.executionTimeout {
            if task.executor == "http" {
                config["timeout"] = String(max(1, Int64(timeout.seconds.rounded(.up))))
            } else {
                config["timeout"] = GoDuration.format(timeout)
            }
        }
        return TaskSpec(executor: task.executor, config: config, retry: task.retry, environment: task.environment,
                        outputs: task.outputs, templated: true)
    }

    /// The param values of a run: each param's default, replaced by the run's `conf` value of the
    /// same name when there is one (Airflow's `dag_run_conf_overrides_params`). Params with neither
    /// are absent.
    public func resolvedParams(conf: [String: JSONValue] = [:]) -> [String: JSONValue] {
        var values: [String: JSONValue] = [:]
        for param in params {
            if let value = conf[param.name] ?? param.defaultValue { values[param.name] = value }
        }
        return values
    }

    /// Why a run's `conf` is not acceptable for the declared params (one message per bad key), or
    /// an empty list. Keys that are not params are allowed: `conf` is free-form in Airflow.
    public func confProblems(_ conf: [String: JSONValue]) -> [String] {
        params.compactMap { param in
            conf[param.name].flatMap { value in param.problem(with: value).map { "conf.\(param.name): \($0)" } }
        }
    }

    /// The definition as canonical JSON (sorted keys, RFC 3339 dates): what the Store keeps.
    public var canonicalJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The content hash of `canonicalJSON`: runs record which version of the workflow they ran.
    public var contentHash: String { ContentHash.hex(of: canonicalJSON) }
}
