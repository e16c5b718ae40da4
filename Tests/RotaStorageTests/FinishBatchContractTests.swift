import Foundation
import RotaCore
import RotaStorage
import RotaTesting
import Testing

/// Several workers' reports committed as one transaction (`taskFinishAndClaim` with a batch):
/// each ends its own attempt exactly as `taskFinish` would, and the claims are handed out in
/// item order.
@Suite("Finish batches")
struct FinishBatchContractTests {
    static func report(_ claimed: ClaimedTask, ok: Bool, at now: Date = t0, claim node: String? = nil,
                       limit: Int = 1) -> TaskFinishAndClaim {
        TaskFinishAndClaim(
            finish: TaskFinishParams(taskInstanceId: claimed.task.id, attemptId: claimed.attemptId, tryNumber: claimed.task.tryNumber,
                                     succeeded: ok, exitCode: ok ? 0 : 1, output: "", outputTruncated: false, reason: "", now: now),
            claim: node.map { TaskClaimParams(node: $0, limit: limit, now: now) })
    }

    @Test(arguments: StoreBackend.allCases)
    func aBatchEndsEachAttemptAndHandsOutItsClaimsInItemOrder(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await addJob(store, "b")
            for key in 1...5 { _ = try await createRun(store, "b", key: "\(key)", at: t0 + Double(key)) }
            let first = try await claim(store, limit: 2, at: t0 + 10)
            let results = try await store.taskFinishAndClaim([
                Self.report(first[0], ok: true, at: t0 + 10, claim: "n1"),
                Self.report(first[0], ok: false, at: t0 + 10),  // a duplicate report: its guard fails
                Self.report(first[1], ok: false, at: t0 + 10, claim: "n2", limit: 2),
                Self.report(first[1], ok: true, at: t0 + 10, claim: "n1", limit: 5),  // stale, but it may claim
            ])
            #expect(results.map { $0.outcome?.taskState } == [.success, nil, .failed, nil])
            #expect(results.map { $0.outcome?.runFinished } == [.success, nil, .failed, nil])
            // n1's two claims were made as one, oldest first; n2's found nothing left.
            let runs = try await store.runList(RunListParams(workflow: "b")).runs
            let runOf = Dictionary(uniqueKeysWithValues: runs.map { ($0.id, $0.runKey) })
            #expect(results.map { $0.claimed.map { runOf[$0.task.runId]! } } == [["3"], [], [], ["4", "5"]])
            #expect(results.flatMap(\.claimed).allSatisfy { $0.task.state == .running && $0.task.node == "n1" })
            let job = try #require(try await store.workflowGet(name: "b"))
            #expect(job.successCount == 1)
            #expect(job.errorCount == 1)
            #expect(try await store.attemptsRunning().count == 3)
        }
    }

    /// A retry, a success that releases its downstream and their attempts' records, decided in
    /// one batch exactly as they would be one at a time.
    @Test(arguments: StoreBackend.allCases)
    func aRetryAndAReleaseInOneBatchAreEachDecidedAsAlone(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await WorkflowRunContractTests.addDag(store, "mix")
            let run = try await WorkflowRunContractTests.createRun(store, "mix", "r", [
                WorkflowRunContractTests.task("a", retries: 1), WorkflowRunContractTests.task("b"),
                WorkflowRunContractTests.task("after_a", ["a"]), WorkflowRunContractTests.task("after_b", ["b"]),
            ])
            let claimed = try await claim(store)
            let a = try #require(claimed.first { $0.task.taskId == "a" })
            let b = try #require(claimed.first { $0.task.taskId == "b" })
            var failing = Self.report(a, ok: false, at: t0 + 1)
            failing.finish.output = "boom"
            failing.finish.reason = "exit status 1"
            var passing = Self.report(b, ok: true, at: t0 + 2)
            passing.finish.output = "fine"
            passing.finish.result = #"{"n":1}"#
            let results = try await store.taskFinishAndClaim([failing, passing])
            #expect(results[0].outcome?.taskState == .upForRetry)
            #expect(results[0].outcome?.retryAt == t0 + 11)
            #expect(results[0].outcome?.releasedWork == false)
            #expect(results[1].outcome?.taskState == .success)
            #expect(results[1].outcome?.releasedWork == true)
            #expect(results.allSatisfy { $0.outcome?.runFinished == nil })
            let states = try await WorkflowRunContractTests.states(store, run)
            #expect(states == ["a": .upForRetry, "b": .success, "after_a": .scheduled, "after_b": .queued])
            let failed = try #require(try await store.attemptGet(id: a.attemptId))
            #expect(failed.state == .failed)
            #expect(failed.exitCode == 1)
            #expect(failed.output == "boom")
            #expect(failed.finishedAt == t0 + 1)
            let succeeded = try #require(try await store.attemptGet(id: b.attemptId))
            #expect(succeeded.state == .success)
            #expect(succeeded.exitCode == 0)
            #expect(succeeded.output == "fine")
            #expect(try await store.taskGet(id: b.task.id)?.finishedAt == t0 + 2)
            #expect(try await store.taskGet(id: a.task.id)?.finishedAt == nil)
            #expect(try await store.runResults(runId: run.id)["b"] == #"{"n":1}"#)
        }
    }

    /// The last two tasks of a run reported in one batch end the run once.
    @Test(arguments: StoreBackend.allCases)
    func theLastTasksOfARunInOneBatchEndItOnce(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await WorkflowRunContractTests.addDag(store, "pair")
            let run = try await WorkflowRunContractTests.createRun(store, "pair", "r", [
                WorkflowRunContractTests.task("a"), WorkflowRunContractTests.task("b"),
            ])
            let claimed = try await claim(store)
            let results = try await store.taskFinishAndClaim(claimed.map { Self.report($0, ok: true, claim: "n1") })
            #expect(results.map { $0.outcome?.taskState } == [.success, .success])
            #expect(results.compactMap { $0.outcome?.runFinished } == [.success])
            #expect(results.allSatisfy { $0.claimed.isEmpty })
            #expect(try await store.runGet(id: run.id)?.state == .success)
        }
    }

    /// Two batches that finish tasks of the same runs in opposite orders, at the same time (two
    /// servers' pools), both commit: run rows are locked in one order, so neither deadlocks.
    @Test(arguments: StoreBackend.allCases)
    func concurrentBatchesOverTheSameRunsBothCommit(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await WorkflowRunContractTests.addDag(store, "two")
            for round in 0..<8 {
                var runs: [RunRecord] = []
                for key in ["x", "y"] {
                    runs.append(try await WorkflowRunContractTests.createRun(store, "two", "\(round)\(key)", [
                        WorkflowRunContractTests.task("a"), WorkflowRunContractTests.task("b"),
                        WorkflowRunContractTests.task("join", ["a", "b"]),
                    ]))
                }
                let claimed = try await claim(store)
                func of(_ run: RunRecord, _ id: String) -> ClaimedTask {
                    claimed.first { $0.task.runId == run.id && $0.task.taskId == id }!
                }
                let one = [of(runs[1], "a"), of(runs[0], "a")].map { Self.report($0, ok: true) }
                let two = [of(runs[0], "b"), of(runs[1], "b")].map { Self.report($0, ok: true) }
                async let first = store.taskFinishAndClaim(one)
                async let second = store.taskFinishAndClaim(two)
                let outcomes = try await first + second
                #expect(outcomes.allSatisfy { $0.outcome?.taskState == .success }, "round \(round)")
                for run in runs {
                    #expect(try await WorkflowRunContractTests.states(store, run)["join"] == .queued, "round \(round)")
                }
                for task in try await claim(store) { try await finish(store, task, ok: true) }
            }
        }
    }

    /// Two batches that finish the last tasks of one run at the same time (PostgreSQL checks the
    /// run's end after the batch's claim, with the run's row locked only then): exactly one of
    /// them ends the run, and the claims both made still hand out the next run's work.
    @Test(arguments: StoreBackend.allCases)
    func theLastTasksOfARunInTwoConcurrentBatchesEndItExactlyOnce(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await WorkflowRunContractTests.addDag(store, "wide")
            let tasks = ["a", "b", "c", "d"].map { WorkflowRunContractTests.task($0) }
            for round in 0..<8 {
                let run = try await WorkflowRunContractTests.createRun(store, "wide", "\(round)", tasks)
                let claimed = try await claim(store)
                let next = try await WorkflowRunContractTests.createRun(store, "wide", "\(round)-next", tasks)
                async let first = store.taskFinishAndClaim(claimed.prefix(2).map { Self.report($0, ok: true, claim: "n1") })
                async let second = store.taskFinishAndClaim(claimed.suffix(2).map { Self.report($0, ok: true, claim: "n2") })
                let results = try await first + second
                #expect(results.allSatisfy { $0.outcome?.taskState == .success }, "round \(round)")
                #expect(results.compactMap { $0.outcome?.runFinished } == [.success], "round \(round)")
                #expect(try await store.runGet(id: run.id)?.state == .success, "round \(round)")
                let handedOut = results.flatMap(\.claimed)
                #expect(handedOut.count == 4 && handedOut.allSatisfy { $0.task.runId == next.id }, "round \(round)")
                for task in handedOut { try await finish(store, task, ok: true) }
                #expect(try await store.runGet(id: next.id)?.state == .success, "round \(round)")
            }
        }
    }
}
