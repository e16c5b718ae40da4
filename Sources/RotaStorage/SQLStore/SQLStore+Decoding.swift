import Foundation
import RotaCore

/// Row → record conversions, in one place so every query returns the same shapes.
extension SQLStore {
    static func workflow(_ row: SQLRow) -> WorkflowRecord {
        var record = WorkflowRecord(
            name: row.text("name"), kind: WorkflowRecord.Kind(rawValue: row.text("kind")) ?? .job,
            definition: row.text("definition"), version: row.text("version"),
            disabled: row.bool("disabled"), parent: row.text("parent"), status: row.text("status"),
            successCount: Int(row.int("success_count")), errorCount: Int(row.int("error_count")),
            lastSuccess: row.optionalDate("last_success"), lastError: row.optionalDate("last_error"),
            createdAt: row.date("created_at"), updatedAt: row.date("updated_at"))
        record.active = row.bool("active")
        record.source = row.text("source")
        record.maxActiveRuns = Int(row.int("max_active_runs"))
        record.maxActiveTasks = Int(row.int("max_active_tasks"))
        return record
    }

    static func run(_ row: SQLRow) -> RunRecord {
        var run = RunRecord(
            id: row.int("id"), workflow: row.text("workflow"), runKey: row.text("run_key"),
            logicalDate: row.date("logical_date"),
            trigger: RunRecord.Trigger(rawValue: row.text("trigger")) ?? .manual,
            state: RunState(rawValue: row.text("state")) ?? .queued, createdAt: row.date("created_at"),
            startedAt: row.optionalDate("started_at"), finishedAt: row.optionalDate("finished_at"))
        run.version = row.text("version")
        run.conf = row.text("conf")
        run.dataIntervalStart = row.optionalDate("data_interval_start")
        run.dataIntervalEnd = row.optionalDate("data_interval_end")
        return run
    }

    static func spec(_ row: SQLRow) throws -> TaskSpec {
        do {
            return try SpecCache.decode(row.text("spec"))
        } catch {
            throw StoreError("task instance \(row.int("id")) has an unreadable spec: \(error)")
        }
    }

    static func taskInstance(_ row: SQLRow) throws -> TaskInstanceRecord {
        let spec = try spec(row)
        var task = TaskInstanceRecord(
            id: row.int("id"), runId: row.int("run_id"), workflow: row.text("workflow"),
            taskId: row.text("task_id"), state: TaskState(rawValue: row.text("state")) ?? .queued,
            tryNumber: Int(row.int("try_number")), spec: spec, priority: Int(row.int("priority")),
            queue: row.text("queue"), readyAt: row.date("ready_at"), node: row.optionalText("node"))
        task.upstream = splitList(row.text("upstream"))
        task.triggerRule = row.text("trigger_rule")
        task.maxTries = Int(row.int("max_tries"))
        task.pool = row.text("pool")
        task.poolSlots = Int(row.int("pool_slots"))
        task.startedAt = row.optionalDate("started_at")
        task.finishedAt = row.optionalDate("finished_at")
        task.result = row.optionalText("result")
        return task
    }

    static func attempt(_ row: SQLRow) -> AttemptRecord {
        AttemptRecord(id: row.int("id"), taskInstanceId: row.int("task_instance_id"), runId: row.int("run_id"),
                      workflow: row.text("workflow"), taskId: row.text("task_id"), attempt: Int(row.int("attempt")),
                      node: row.text("node"), state: AttemptState(rawValue: row.text("state")) ?? .failed,
                      startedAt: row.date("started_at"), finishedAt: row.optionalDate("finished_at"),
                      exitCode: row.optionalInt("exit_code").map(Int.init), output: row.text("output"),
                      outputTruncated: row.bool("output_truncated"), reason: row.text("reason"))
    }

    /// Task ids are validated names (no commas), so a comma list is an exact encoding.
    static func splitList(_ text: String) -> [String] {
        text.isEmpty ? [] : text.split(separator: ",").map(String.init)
    }

    static func pool(_ row: SQLRow) -> PoolRecord {
        PoolRecord(name: row.text("name"), slots: Int(row.int("slots")), description: row.text("description"),
                   occupiedSlots: Int(row.int("occupied")), queuedSlots: Int(row.int("queued")))
    }

    static func encode(_ spec: TaskSpec) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(spec), as: UTF8.self)
    }
}
