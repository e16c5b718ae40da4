import Foundation
import RotaCore
import RotaStorage

extension Engine {
    /// Creates a run of a workflow (scheduled, manual, backfill, or triggered by another workflow).
    /// Task instances are created `scheduled`; the Store releases the roots at once if the workflow
    /// has room under `max_active_runs`, or when an earlier run finishes.
    @discardableResult
    public func startRun(of definition: WorkflowDefinition, version: String, trigger: RunRecord.Trigger,
                         logicalDate: Date, interval: DataInterval?, runKey: String,
                         conf: String = "{}") async throws -> RunCreateOutcome {
        var params = RunCreateParams(
            workflow: definition.id, runKey: runKey, logicalDate: logicalDate, trigger: trigger, forbidOverlap: false,
            tasks: definition.tasks.map { task in
                let spec = definition.taskSpec(for: task)
                return RunCreateParams.Task(taskId: task.id, spec: spec, state: .scheduled, priority: task.priorityWeight,
                                            queue: task.queue, upstream: task.upstream, triggerRule: task.triggerRule.rawValue,
                                            pool: task.pool, poolSlots: task.poolSlots, route: task.tags)
            },
            now: clock.now())
        params.version = version
        params.conf = conf
        params.dataIntervalStart = interval?.start
        params.dataIntervalEnd = interval?.end
        let outcome = try await store.runCreate(params)
        if case .created(let run) = outcome {
            logger.info("run created", metadata: ["rota.workflow": "\(definition.id)", "rota.run": "\(run.runKey)",
                                                  "rota.trigger": "\(trigger.rawValue)"])
            workAvailable.signal()
        }
        return outcome
    }

    /// Creates the runs of every interval that is due: the latest one, or all missed ones with
    /// `catchup`. Unique run keys make a repeated call (restart, second server) a no-op.
    public func fireWorkflow(_ definition: WorkflowDefinition, version: String, anchor: Date) async throws {
        guard let schedule = definition.parsedSchedule else { return }
        let last = try await store.runLatestScheduled(workflow: definition.id)
        let now = clock.now()
        let due = IntervalPlanner.due(schedule: schedule, timeZone: definition.timeZone, anchor: anchor,
                                      endDate: definition.endDate, catchup: definition.catchup,
                                      lastEnd: last?.dataIntervalEnd, now: now)
        for interval in due {
            let outcome = try await startRun(of: definition, version: version, trigger: .schedule, logicalDate: interval.start,
                                             interval: interval, runKey: "scheduled__" + RFC3339.formatFractional(interval.start))
            if case .created = outcome {
                EngineMetrics.fires.increment()
                EngineMetrics.fireLateness.record(max(0, now.timeIntervalSince(interval.end)))
            }
        }
    }

    /// Decodes a stored workflow definition.
    public static func workflow(_ record: WorkflowRecord) -> WorkflowDefinition? {
        guard record.kind == .dag else { return nil }
        return try? JSONDecoder().decode(WorkflowDefinition.self, from: Data(record.definition.utf8))
    }
}
