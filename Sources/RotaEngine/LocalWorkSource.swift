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

    /// How recently a task may have come due for the pool to look again at once.
    static let justDue: TimeInterval = 0.05

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
        return await rendered(claimed)
    }

    /// The claimed tasks with their templates rendered. One that cannot be rendered (its run
    /// could not be read) is ended as failed, per its retry policy, rather than left running.
    private func rendered(_ claimed: [ClaimedTask]) async -> [ClaimedTask] {
        var ready: [ClaimedTask] = []
        for task in claimed {
            do {
                ready.append(try await engine.renderer.render(task))
            } catch {
                engine.logger.error("rendering a claimed task failed; failing its attempt",
                                    metadata: ["rota.task_instance": "\(task.task.id)", "rota.error": "\(error)"])
                let failed = ExecutionResult(succeeded: false, exitCode: nil, reason: "rendering failed: \(error)")
                try? await finish(task, result: failed, output: "", truncated: false)
            }
        }
        return ready
    }

    public func reportOutput(attemptId: Int64, output: String, truncated: Bool) async throws {
        try await engine.recordOutput(attemptId: attemptId, output: output, truncated: truncated)
    }

    public func finish(_ claimed: ClaimedTask, result: ExecutionResult, output: String, truncated: Bool) async throws {
        _ = try await finish(claimed, result: result, output: output, truncated: truncated, thenClaim: 0, node: "")
    }

    public func finish(_ claimed: ClaimedTask, result: ExecutionResult, output: String, truncated: Bool,
                       thenClaim limit: Int, node: String) async throws -> [ClaimedTask] {
        let now = engine.clock.now()
        let params = TaskFinishParams(
            taskInstanceId: claimed.task.id, attemptId: claimed.attemptId, tryNumber: claimed.task.tryNumber,
            succeeded: result.succeeded, exitCode: result.exitCode, output: output, outputTruncated: truncated,
            reason: result.reason, now: now, result: result.result)
        let (outcome, next) = limit > 0
            ? try await engine.recordFinish(params, thenClaim: TaskClaimParams(node: node, limit: limit, now: now, tags: tags, queues: []))
            : (try await engine.recordFinish(params), [])
        EngineMetrics.executions(result: result.succeeded ? "success" : "failed").increment()
        EngineMetrics.executionDuration.record(now.timeIntervalSince(claimed.startedAt))
        if let outcome { await engine.handle(outcome) }
        return await rendered(next)
    }

    public func waitForWork(maximum: Duration) async {
        var wait = min(maximum, ceiling)
        if let next = try? await engine.store.taskNextReadyAt() {
            let until = next.timeIntervalSince(engine.clock.now())
            if until > 0 {
                wait = min(wait, .milliseconds(Int64(until * 1000) + 5))
            } else if until > -Self.justDue {
                return  // it came due after the claim that found nothing: claim again
            } else {
                // Due a while ago and still not claimed by us: routed to other nodes, or held by a
                // pool or a task limit. Look again on the next signal, or in a second, instead of
                // spinning on it.
                wait = min(wait, .seconds(1))
            }
        }
        await engine.workAvailable.wait(timeout: wait)
    }
}
