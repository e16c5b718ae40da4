import Foundation
import Logging
import RotaCore
import RotaWorker
import Synchronization
import Testing

/// How the pool reports results to a source that refuses them for a while (a full disk under
/// SQLite, PostgreSQL restarting, a server that is down).
@Suite("Worker pool result reports")
struct WorkerPoolReportTests {
    /// Hands out one task, then nothing; refuses the first `failures` reports of its result.
    final class RefusingSource: WorkSource {
        struct State { var handedOut = false; var reports = 0; var accepted = false }
        let failures: Int
        let state = Mutex(State())

        init(failures: Int) { self.failures = failures }

        func claim(node: String, limit: Int) async throws -> [ClaimedTask] {
            guard state.withLock({ state in defer { state.handedOut = true }; return !state.handedOut }) else { return [] }
            let spec = TaskSpec(executor: "noop", config: [:])
            let task = TaskInstanceRecord(id: 1, runId: 1, workflow: "flow", taskId: "t", state: .running, tryNumber: 1,
                                          spec: spec, priority: 0, queue: "default", readyAt: Date(), node: node)
            return [ClaimedTask(task: task, attemptId: 1, startedAt: Date())]
        }

        func reportOutput(attemptId: Int64, output: String, truncated: Bool) async throws {}

        func finish(_ claimed: ClaimedTask, result: ExecutionResult, output: String, truncated: Bool) async throws {
            let refused = state.withLock { state in
                state.reports += 1
                if state.reports > failures { state.accepted = true }
                return !state.accepted
            }
            if refused { throw CancellationError() }
        }

        func waitForWork(maximum: Duration) async { try? await Task.sleep(for: .milliseconds(5)) }

        var snapshot: State { state.withLock { $0 } }
    }

    static func pool(_ source: RefusingSource) -> WorkerPool {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return WorkerPool(configuration: .init(node: "n", capacity: 1, reportRetryDelay: .milliseconds(1),
                                        reportRetryCeiling: .milliseconds(1)),
                   source: source, executors: ExecutorRegistry(["noop": NoopExecutor()]), logger: logger)
    }

    /// A running pool keeps a refused result until the source takes it, however many tries that
    /// needs: it used to give up after 20 (about 80 s), leaving the attempt "running" for good.
    @Test func runningPoolReportsAResultRefusedMoreThanTwentyTimes() async throws {
        let source = RefusingSource(failures: 50)
        let pool = Self.pool(source)
        let running = Task { await pool.run() }
        let deadline = Date().addingTimeInterval(60)
        while !source.snapshot.accepted, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        pool.shutdown()
        running.cancel()
        await running.value
        #expect(source.snapshot.accepted)
        #expect(source.snapshot.reports == 51)
    }

    /// A stopping pool does not hang on a source that never takes the result: it gives up after
    /// 20 tries (recovery at the next start, or the reaper, fails the attempt).
    @Test func stoppingPoolGivesUpAfterTwentyTries() async throws {
        let source = RefusingSource(failures: .max)
        let pool = Self.pool(source)
        let running = Task { await pool.run() }
        let deadline = Date().addingTimeInterval(60)
        while source.snapshot.reports == 0, Date() < deadline { try await Task.sleep(for: .milliseconds(5)) }
        pool.shutdown()
        await running.value
        #expect(source.snapshot.reports >= 20)
        #expect(!source.snapshot.accepted)
    }
}
