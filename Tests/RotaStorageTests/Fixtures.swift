import Foundation
import RotaCore
import RotaStorage
import RotaTesting

/// Runs `body` against a fresh store of `backend`, disposing of it afterwards.
func withStore(_ backend: StoreBackend, _ body: (SQLStore) async throws -> Void) async throws {
    let test = try await backend.makeStore()
    do {
        try await body(test.store)
    } catch {
        await test.dispose()
        throw error
    }
    await test.dispose()
}

let t0 = Date(timeIntervalSince1970: 1_800_000_000)

@discardableResult
func addJob(_ store: SQLStore, _ name: String, parent: String = "", retries: Int = 0,
            at now: Date = t0) async throws -> WorkflowRecord {
    var job = JobDefinition(name: name, schedule: "@every 1m", executorConfig: ["command": "true"])
    job.retries = retries
    job.parentJob = parent
    let definition = String(decoding: try JSONEncoder().encode(job), as: UTF8.self)
    return try await store.workflowUpsert(WorkflowUpsertParams(
        name: name, kind: .job, definition: definition, version: "v1", disabled: false, parent: parent, now: now)).record
}

func spec(retries: Int = 0, delay: Duration = .seconds(10)) -> TaskSpec {
    TaskSpec(executor: "shell", config: ["command": "true"],
             retry: RetryPolicy(retries: retries, delay: delay, exponentialBackoff: false, maxDelay: nil))
}

func createRun(_ store: SQLStore, _ workflow: String, key: String, forbid: Bool = false, retries: Int = 0,
               priority: Int = 0, at now: Date = t0) async throws -> RunCreateOutcome {
    try await store.runCreate(RunCreateParams(
        workflow: workflow, runKey: key, logicalDate: now, trigger: .schedule, forbidOverlap: forbid,
        tasks: [.init(taskId: workflow, spec: spec(retries: retries), priority: priority)], now: now))
}

func claim(_ store: SQLStore, limit: Int = 10, at now: Date = t0, node: String = "n1") async throws -> [ClaimedTask] {
    try await store.taskClaim(TaskClaimParams(node: node, limit: limit, now: now))
}

@discardableResult
func finish(_ store: SQLStore, _ claimed: ClaimedTask, ok: Bool, output: String = "out",
            at now: Date = t0) async throws -> TaskFinishOutcome? {
    try await store.taskFinish(TaskFinishParams(
        taskInstanceId: claimed.task.id, attemptId: claimed.attemptId, tryNumber: claimed.task.tryNumber,
        succeeded: ok, exitCode: ok ? 0 : 1, output: output, outputTruncated: false, reason: "", now: now))
}
