import Foundation
import RotaCore
import RotaStorage

/// A workflow as the APIs show it: its definition, its stored record, and its next interval.
public struct WorkflowView: Sendable {
    public var definition: WorkflowDefinition
    public var record: WorkflowRecord
    /// The data interval of the next scheduled run (its run is created when `end` passes).
    public var nextInterval: DataInterval?

    public init(definition: WorkflowDefinition, record: WorkflowRecord, nextInterval: DataInterval?) {
        self.definition = definition
        self.record = record
        self.nextInterval = nextInterval
    }
}

/// Store, version, pause and trigger workflows. Every path that changes a workflow goes through
/// here (file loader, REST APIs, CLI), so the Store and the timer always agree.
public struct WorkflowCatalog: Sendable {
    public let engine: Engine
    public let scheduler: CronScheduler

    public init(engine: Engine, scheduler: CronScheduler) {
        self.engine = engine
        self.scheduler = scheduler
    }

    var store: any Store { engine.store }

    /// Stores a validated definition as the workflow's current version (keeping its paused flag
    /// and history). Unchanged content is a no-op. `changed` tells whether anything was written.
    ///
    /// - Throws: `RotaError.conflict` when a Dkron job already has this name.
    @discardableResult
    public func upsert(_ definition: WorkflowDefinition, source: String) async throws -> (view: WorkflowView, changed: Bool) {
        let existing = try await store.workflowGet(name: definition.id)
        if let existing, existing.kind != .dag {
            throw RotaError(.conflict, "\"\(definition.id)\" is already the name of a job; workflow ids and job names share one namespace")
        }
        let text = definition.canonicalJSON
        let version = definition.contentHash
        // The definition is in hand: the first trigger or claim need not decode it from the Store
        // again (a 1,000-task definition takes ~20 ms to decode, inside the first run's time).
        engine.renderer.remember(definition, version: version)
        if let existing, existing.version == version, existing.active, existing.source == source {
            return (view(definition, existing), false)
        }
        try await store.workflowVersionSave(workflow: definition.id, version: version, definition: text, now: engine.clock.now())
        var params = WorkflowUpsertParams(name: definition.id, kind: .dag, definition: text, version: version,
                                          disabled: existing?.disabled ?? false, parent: "", now: engine.clock.now())
        params.source = source
        params.maxActiveRuns = definition.maxActiveRuns
        params.maxActiveTasks = definition.maxActiveTasks
        let (record, _) = try await store.workflowUpsert(params)
        scheduler.workflowChanged(definition, record: record)
        engine.logger.info("workflow stored", metadata: ["rota.workflow": "\(definition.id)", "rota.version": "\(version)"])
        return (view(definition, record), true)
    }

    /// A workflow's file is gone: it stops being scheduled and keeps its history.
    public func deactivate(_ id: String) async throws {
        try await store.workflowSetActive(name: id, active: false)
        scheduler.workflowRemoved(id)
    }

    public func list() async throws -> [WorkflowView] {
        try await store.workflowList(kind: .dag).compactMap { record in
            engine.renderer.definition(of: record).map { view($0, record) }
        }
    }

    /// - Throws: `RotaError.notFound`.
    public func get(_ id: String) async throws -> WorkflowView {
        guard let record = try await store.workflowGet(name: id), let definition = engine.renderer.definition(of: record) else {
            throw RotaError.notFound("workflow \"\(id)\" not found")
        }
        return view(definition, record)
    }

    public func setPaused(_ id: String, paused: Bool) async throws -> WorkflowView {
        _ = try await get(id)
        guard let record = try await store.workflowSetDisabled(name: id, disabled: paused),
              let definition = Engine.workflow(record) else { throw RotaError.notFound("workflow \"\(id)\" not found") }
        scheduler.workflowChanged(definition, record: record)
        return view(definition, record)
    }

    /// Starts a manual (or backfill) run with `conf` checked against the workflow's params.
    ///
    /// - Throws: `RotaError.invalidInput` for a bad conf, `.conflict` when the run id exists,
    ///   `.notFound` for an unknown workflow.
    public func trigger(_ id: String, conf: JSONValue? = nil, logicalDate: Date? = nil, runKey: String? = nil,
                        interval: DataInterval? = nil, trigger: RunRecord.Trigger = .manual) async throws -> RunRecord {
        let view = try await get(id)
        let confObject = try ParamValidation.validate(conf: conf, params: view.definition.params)
        let now = engine.clock.now()
        let logical = logicalDate ?? now
        let prefix = trigger == .backfill ? "backfill__" : "manual__"
        let key = runKey ?? prefix + RFC3339.formatFractional(logical)
        try JobDefinition.validateRunKey(key)
        let outcome = try await engine.startRun(of: view.definition, version: view.record.version, trigger: trigger,
                                                logicalDate: logical, interval: interval ?? DataInterval(start: logical, end: logical),
                                                runKey: key, conf: confObject)
        switch outcome {
        case .created(let run): return run
        case .duplicate: throw RotaError(.conflict, "workflow \"\(id)\" already has a run \"\(key)\"")
        case .missingWorkflow: throw RotaError.notFound("workflow \"\(id)\" not found")
        case .overlapping: throw RotaError(.conflict, "workflow \"\(id)\" forbids overlapping runs")
        }
    }

    func view(_ definition: WorkflowDefinition, _ record: WorkflowRecord) -> WorkflowView {
        var next: DataInterval?
        if let schedule = definition.parsedSchedule, !record.disabled, record.active {
            let anchor = definition.startDate ?? record.createdAt
            if let end = IntervalPlanner.nextFire(schedule: schedule, timeZone: definition.timeZone, anchor: anchor,
                                                  endDate: definition.endDate, now: engine.clock.now()) {
                let start = IntervalPlanner.previousBoundary(before: end, schedule, definition.timeZone) ?? end
                next = DataInterval(start: start, end: end)
            }
        }
        return WorkflowView(definition: definition, record: record, nextInterval: next)
    }
}
