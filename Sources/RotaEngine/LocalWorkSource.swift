import Foundation
import RotaCore
import RotaStorage
import RotaWorker

/// The in-process `WorkSource`: claims straight from the Store and reports through the engine.
public struct LocalWorkSource: WorkSource {
    let engine: Engine
    /// The longest sleep between looks at the queue. Long for standalone, where every new task
    /// signals `workAvailable`; short for a server, whose peers create work it is not told about.
    let ceiling: Duration
    /// The tags the in-process pool claims with: the ones its node advertises in `members`, so
    /// a job routed to them (Dkron's `"server": "true"`) runs here.
    let tags: [String: String]

    public init(engine: Engine, ceiling: Duration = .seconds(30), tags: [String: String] = [:]) {
        self.engine = engine
        self.ceiling = ceiling
        self.tags = tags
    }

    public func claim(node: String, limit: Int) async throws -> [ClaimedTask] {
        try await claim(node: node, limit: limit, tags: tags, queues: [])
    }

    /// Claims for a worker with `tags` serving `queues` (empty: every queue), rendered and ready.
    public func claim(node: String, limit: Int, tags: [String: String], queues: [String]) async throws -> [ClaimedTask] {
        let claimed = try await engine.store.taskClaim(TaskClaimParams(node: node, limit: limit, now: engine.clock.now(),
                                                                       tags: tags, queues: queues))
        var ready: [ClaimedTask] = []
        for task in claimed {
            ready.append(try await engine.renderer.render(task))
        }
        return ready
    }

    public func reportOutput(attemptId: Int64, output: String, truncated: Bool) async throws {
        try await engine.recordOutput(attemptId: attemptId, output: output, truncated: truncated)
    }

    public func finish(_ claimed: ClaimedTask, result: ExecutionResult, output: String, truncated: Bool) async throws {
        let now = engine.clock.now()
        let outcome = try await engine.recordFinish(TaskFinishParams(
            taskInstanceId: claimed.task.id, attemptId: claimed.attemptId, tryNumber: claimed.task.tryNumber,
            succeeded: result.succeeded, exitCode: result.exitCode, output: output, outputTruncated: truncated,
            reason: result.reason, now: now, result: result.result))
        EngineMetrics.executions(result: result.succeeded ? "success" : "failed").increment()
        EngineMetrics.executionDuration.record(now.timeIntervalSince(claimed.startedAt))
        if let outcome { await engine.handle(outcome) }
    }

    public func waitForWork(maximum: Duration) async {
        var wait = min(maximum, ceiling)
        if let next = try? await engine.store.taskNextReadyAt() {
            let until = next.timeIntervalSince(engine.clock.now())
            if until <= 0 { return }
            wait = min(wait, .milliseconds(Int64(until * 1000) + 5))
        }
        await engine.workAvailable.wait(timeout: wait)
    }
}
