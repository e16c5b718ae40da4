import Foundation
import RotaCore
import RotaStorage
import Synchronization

/// Renders a workflow task's templates (`{{ ds }}`, `{{ params.x }}`, `{{ tasks.a.result }}`, …)
/// just before it runs, when its run's values and its upstream results are known, and exports
/// them as `ROTA_…` environment variables. Done on the server side of a claim, so a worker (local
/// or remote) receives a task ready to run.
final class TaskRenderer: Sendable {
    private let store: any Store
    /// Definitions by version: a version never changes, so caching it is always correct.
    private let definitions = Mutex<[String: WorkflowDefinition]>([:])
    /// Task positions by version: `WorkflowDefinition.task(_:)` walks the list, which every finish
    /// of a 10,000-task run paid (bench W4: a third of the engine's CPU in memmove/memcmp).
    private let taskIndexes = Mutex<[String: [String: Int]]>([:])
    /// Recently seen runs, by id: every claim renders from its run and every finish notifies with
    /// it, and a read transaction each cost more than the claim itself (bench W4). Only fields a
    /// run never changes are read from here (key, dates, conf, version); ids are never reused.
    private let runs = Mutex<[Int64: RunRecord]>([:])
    private static let runsKept = 256
    /// Each recent run's shared template values (see `RunTemplate`), by run id.
    private let runTemplates = Mutex<[Int64: RunTemplate]>([:])
    private let secrets: SecretValues

    init(store: any Store, secrets: SecretValues = SecretValues()) {
        self.store = store
        self.secrets = secrets
    }

    func render(_ claimed: ClaimedTask) async throws -> ClaimedTask {
        guard claimed.task.spec.templated else { return SecretTemplate.substitute(claimed, secrets: secrets) }
        let task = claimed.task
        guard let shared = try await runTemplate(task) else { return claimed }
        var results: [String: JSONValue] = [:]
        let mentionsResults = task.spec.config.values.contains { $0.containsBytes(of: "tasks.") }
            || task.spec.environment.values.contains { $0.containsBytes(of: "tasks.") }
        if mentionsResults {
            for (taskId, text) in try await store.runResults(runId: task.runId) {
                if let value = try? JSONValue.parse(Data(text.utf8)) { results[taskId] = value }
            }
        }
        var context = shared.context
        context.taskId = task.taskId
        context.tryNumber = task.tryNumber
        context.taskResults = results
        var spec = task.spec
        for (key, value) in spec.config where value.containsBytes(of: "{{") {
            spec.config[key] = Template.render(value, context: context, mode: key == "command" ? .shell : .raw)
        }
        for (key, value) in spec.environment where value.containsBytes(of: "{{") {
            spec.environment[key] = Template.render(value, context: context, mode: .raw)
        }
        spec.outputs = spec.outputs.map { $0.containsBytes(of: "{{") ? Template.render($0, context: context, mode: .raw) : $0 }
        for (key, value) in shared.environment { spec.environment[key] = value }
        spec.environment["ROTA_TASK_ID"] = task.taskId
        spec.environment["ROTA_TRY_NUMBER"] = String(task.tryNumber)
        var rendered = claimed
        rendered.task.spec = spec
        return rendered
    }

    /// What every task of a run renders with: the context without the task's own fields, and the
    /// run's `ROTA_…` variables. Built once per run (params resolved, conf parsed, six dates
    /// formatted), not once per task.
    private struct RunTemplate: Sendable {
        let context: TemplateContext
        let environment: [String: String]
    }

    private func runTemplate(_ task: TaskInstanceRecord) async throws -> RunTemplate? {
        if let cached = runTemplates.withLock({ $0[task.runId] }) { return cached }
        guard let run = try await run(id: task.runId) else { return nil }
        let definition = try await definition(task.workflow, version: run.version)
        let conf = (try? JSONValue.parse(Data(run.conf.utf8)))?.objectValue ?? [:]
        let context = TemplateContext(
            dagId: task.workflow, runId: run.runKey,
            logicalDate: run.logicalDate, runAfter: run.createdAt,
            dataIntervalStart: run.dataIntervalStart, dataIntervalEnd: run.dataIntervalEnd,
            timeZone: definition?.timeZone ?? TimeZone(identifier: "UTC")!,
            params: definition?.resolvedParams(conf: conf) ?? conf, conf: conf, secrets: secrets)
        let shared = RunTemplate(context: context, environment: Template.runEnvironmentVariables(context))
        runTemplates.withLock { cache in
            if cache.count >= Self.runsKept { cache.removeAll(keepingCapacity: true) }
            cache[task.runId] = shared
        }
        return shared
    }

    /// The run `id`, from the cache when seen lately. Its state and end are not kept current.
    func run(id: Int64) async throws -> RunRecord? {
        if let cached = runs.withLock({ $0[id] }) { return cached }
        guard let run = try await store.runGet(id: id) else { return nil }
        runs.withLock { runs in
            if runs.count >= Self.runsKept { runs.removeAll(keepingCapacity: true) }
            runs[id] = run
        }
        return run
    }

    /// Keeps a definition the caller already has (the file loader, the API) under its version.
    func remember(_ definition: WorkflowDefinition, version: String) {
        definitions.withLock { $0[version] = definition }
    }

    /// The decoded definition of a stored record, from the cache when its version was seen before
    /// (decoding a 10,000-task definition costs tens of milliseconds; API polls repeat it).
    func definition(of record: WorkflowRecord) -> WorkflowDefinition? {
        if let cached = definitions.withLock({ $0[record.version] }) { return cached }
        guard let definition = Engine.workflow(record) else { return nil }
        definitions.withLock { $0[record.version] = definition }
        return definition
    }

    /// One task of a stored version's definition, through an index built once per version.
    func task(_ taskId: String, of definition: WorkflowDefinition, version: String) -> WorkflowTask? {
        if let index = taskIndexes.withLock({ $0[version] }) { return index[taskId].map { definition.tasks[$0] } }
        var index: [String: Int] = [:]
        for (position, task) in definition.tasks.enumerated() { index[task.id] = position }
        taskIndexes.withLock { $0[version] = index }
        return index[taskId].map { definition.tasks[$0] }
    }

    func definition(_ workflow: String, version: String) async throws -> WorkflowDefinition? {
        if let cached = definitions.withLock({ $0[version] }) { return cached }
        guard let text = try await store.workflowVersionGet(workflow: workflow, version: version),
              let definition = try? JSONDecoder().decode(WorkflowDefinition.self, from: Data(text.utf8)) else { return nil }
        definitions.withLock { $0[version] = definition }
        return definition
    }
}
