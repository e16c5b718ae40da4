import Foundation
import Logging
import RotaCore
import Synchronization

/// Runs claimed task instances, up to `capacity` at once, streaming their output to the source.
///
/// The loop claims only as many tasks as it has free slots, so a busy pool leaves work in the
/// queue for other workers. It sleeps on `WorkSource.waitForWork` rather than polling. On
/// shutdown (`shutdown()` or cancellation) running executions are stopped and reported as
/// interrupted, so no execution is left "running" forever.
public final class WorkerPool: Sendable {
    public struct Configuration: Sendable {
        public var node: String
        public var capacity: Int
        /// How often a running task's output tail is written to the Store.
        public var outputFlushInterval: Duration
        public var outputLimit: Int
        /// The first and the longest wait between tries to report a result the source refused.
        public var reportRetryDelay: Duration
        public var reportRetryCeiling: Duration

        public init(node: String, capacity: Int = 8, outputFlushInterval: Duration = .seconds(1),
                    outputLimit: Int = 256_000, reportRetryDelay: Duration = .milliseconds(200),
                    reportRetryCeiling: Duration = .seconds(5)) {
            self.node = node
            self.capacity = max(1, capacity)
            self.outputFlushInterval = outputFlushInterval
            self.outputLimit = outputLimit
            self.reportRetryDelay = reportRetryDelay
            self.reportRetryCeiling = reportRetryCeiling
        }
    }

    private let config: Configuration
    private let source: any WorkSource
    private let executors: ExecutorRegistry
    private let logger: Logger
    private let running = Mutex(0)
    private let freed = WakeSignal()
    private let stopping = Mutex(false)
    /// Output of the running attempts, by attempt id, with the version last written.
    private let streaming = Mutex<[Int64: (collector: OutputCollector, written: Int)]>([:])

    public init(configuration: Configuration, source: any WorkSource, executors: ExecutorRegistry, logger: Logger) {
        self.config = configuration
        self.source = source
        self.executors = executors
        self.logger = logger
    }

    var runningNow: Int { running.withLock { $0 } }

    /// True once `shutdown()` was called: the pool drains (its heartbeat says `leaving`).
    public var isStopping: Bool { stopping.withLock { $0 } }

    /// Stops claiming; running tasks are cancelled by cancelling `run()`'s task.
    public func shutdown() {
        stopping.withLock { $0 = true }
        freed.signal()
    }

    /// Claims and runs work until cancelled or shut down; returns after every started task has
    /// reported its result.
    public func run() async {
        let flusher = Task { await self.flushOutputs() }
        defer { flusher.cancel() }
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled, !stopping.withLock({ $0 }) {
                let free = config.capacity - running.withLock { $0 }
                if free <= 0 {
                    await freed.wait(timeout: .seconds(5))
                    continue
                }
                let claimed: [ClaimedTask]
                do {
                    claimed = try await source.claim(node: config.node, limit: free)
                } catch {
                    logger.error("claiming work failed; retrying", metadata: ["rota.error": "\(error)"])
                    try? await Task.sleep(for: .seconds(1))
                    continue
                }
                if claimed.isEmpty {
                    await waitForWorkOrStop()
                    continue
                }
                running.withLock { $0 += claimed.count }
                for task in claimed {
                    group.addTask { await self.execute(task) }
                }
            }
            // Cancelled or shut down: results still being reported may now be given up.
            stopping.withLock { $0 = true }
        }
    }

    private func waitForWorkOrStop() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.source.waitForWork(maximum: .seconds(30)) }
            group.addTask { await self.freed.wait(timeout: .seconds(30)) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Runs a claimed task in one slot, then whatever the slot claimed with its report.
    private func execute(_ first: ClaimedTask) async {
        defer {
            running.withLock { $0 -= 1 }
            freed.signal()
        }
        var next: ClaimedTask? = first
        while let claimed = next {
            next = await runOne(claimed)
        }
    }

    /// Runs one claimed task and reports its end; returns the task claimed in the same step.
    private func runOne(_ claimed: ClaimedTask) async -> ClaimedTask? {
        let task = claimed.task
        var log = logger
        log[metadataKey: "rota.workflow"] = "\(task.workflow)"
        log[metadataKey: "rota.task_instance"] = "\(task.id)"
        log[metadataKey: "rota.attempt"] = "\(task.tryNumber)"
        let collector = OutputCollector(limit: config.outputLimit)
        var request = ExecutionRequest(workflow: task.workflow, taskId: task.taskId, attempt: task.tryNumber, spec: task.spec)
        let resultFile = task.spec.templated ? ResultFile(attemptId: claimed.attemptId) : nil
        if let resultFile { request.spec.environment["ROTA_RESULT"] = resultFile.path }
        var result: ExecutionResult
        if let problem = TaskOutputs.problem(task.spec.outputs) {
            collector.append("rota: \(problem)\n")
            result = ExecutionResult(succeeded: false, exitCode: nil, reason: problem)
        } else if let done = TaskOutputs.alreadyComplete(task.spec.outputs) {
            collector.append(done)
            result = ExecutionResult(succeeded: true, exitCode: nil, reason: "outputs already exist; not run")
        } else if let executor = executors[task.spec.executor] {
            streaming.withLock { $0[claimed.attemptId] = (collector, collector.version) }
            result = await executor.execute(request, output: collector)
            _ = streaming.withLock { $0.removeValue(forKey: claimed.attemptId) }
        } else {
            collector.append("rota: this worker has no \"\(task.spec.executor)\" executor\n")
            result = ExecutionResult(succeeded: false, exitCode: nil, reason: "unknown executor \(task.spec.executor)")
        }
        if let resultFile {
            result.result = resultFile.take()
        }
        if result.succeeded, let missing = TaskOutputs.missing(task.spec.outputs) {
            collector.append("\nrota: the task succeeded but did not produce \(missing)\n")
            result.succeeded = false
            result.reason = "outputs missing after success: \(missing)"
        }
        let (text, truncated) = collector.snapshot()
        return await reportFinish(claimed, result: result, output: text, truncated: truncated, log: log)
    }

    /// Writes the output tail of every running attempt that printed something new, every
    /// `outputFlushInterval`: one timer for the pool, not one per task (bench W4). A tail written
    /// after its attempt ended changes nothing (the Store writes only running attempts' output).
    private func flushOutputs() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: config.outputFlushInterval)
            if Task.isCancelled { return }
            let changed = streaming.withLock { streaming in
                var changed: [(Int64, OutputCollector)] = []
                for (attemptId, entry) in streaming where entry.collector.version != entry.written {
                    streaming[attemptId]?.written = entry.collector.version
                    changed.append((attemptId, entry.collector))
                }
                return changed
            }
            for (attemptId, collector) in changed {
                let (text, truncated) = collector.snapshot()
                try? await source.reportOutput(attemptId: attemptId, output: text, truncated: truncated)
            }
        }
    }

    /// Reports a result, retrying while the Store (or server) is unreachable, for as long as it
    /// takes while the pool runs: a finished task must not be lost, and giving up would leave its
    /// attempt "running" for good, since this node is alive and no reaper fails it. Only a stopping
    /// pool gives up, after 20 tries; the next start's recovery (or the reaper) then fails it.
    ///
    /// While the pool runs, the report also claims the slot's next task (one step, one commit
    /// where the source can); a cancelled or stopping pool claims nothing.
    private func reportFinish(_ claimed: ClaimedTask, result: ExecutionResult, output: String, truncated: Bool,
                              log: Logger) async -> ClaimedTask? {
        // An unstructured task: the report must go through even when the pool is being cancelled.
        let source = self.source
        let (first, ceiling, node) = (config.reportRetryDelay, config.reportRetryCeiling, config.node)
        let cancelled = Task.isCancelled
        return await Task { () -> ClaimedTask? in
            var delay = first
            var attempt = 0
            while true {
                attempt += 1
                do {
                    let more = cancelled || self.stopping.withLock({ $0 }) ? 0 : 1
                    let next = try await source.finish(claimed, result: result, output: output, truncated: truncated,
                                                       thenClaim: more, node: node)
                    if attempt > 1 { log.notice("result reported", metadata: ["rota.try": "\(attempt)"]) }
                    return next.first
                } catch {
                    log.warning("reporting a result failed", metadata: ["rota.error": "\(error)", "rota.try": "\(attempt)"])
                    if attempt >= 20, self.stopping.withLock({ $0 }) { break }
                    try? await Task.sleep(for: delay)
                    delay = min(delay * 2, ceiling)
                }
            }
            log.error("gave up reporting a result; recovery at the next start will mark it interrupted")
            return nil
        }.value
    }
}
