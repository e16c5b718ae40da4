import Foundation
import RotaCore
import RotaStorage
import RotaTesting
import Testing

@Suite("Runs and the task queue")
struct QueueContractTests {
    /// A run key fires once: the second create with the same key is a duplicate.
    @Test(arguments: StoreBackend.allCases)
    func runKeyIsUniquePerWorkflow(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await addJob(store, "j")
            guard case .created(let run) = try await createRun(store, "j", key: "scheduled__1") else {
                Issue.record("expected a run"); return
            }
            #expect(run.state == .running)
            #expect(try await createRun(store, "j", key: "scheduled__1") == .duplicate)
            #expect(try await createRun(store, "missing", key: "scheduled__1") == .missingWorkflow)
            #expect(try await store.runTaskInstances(runId: run.id).map(\.state) == [.queued])
        }
    }

    /// With overlap forbidden, no run is created while another is queued or running.
    @Test(arguments: StoreBackend.allCases)
    func forbidSkipsWhileARunIsActive(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await addJob(store, "f")
            _ = try await createRun(store, "f", key: "1", forbid: true)
            #expect(try await createRun(store, "f", key: "2", forbid: true) == .overlapping)
            try await finish(store, try await claim(store)[0], ok: true)
            guard case .created = try await createRun(store, "f", key: "3", forbid: true) else {
                Issue.record("expected a run after the first finished"); return
            }
        }
    }

    /// Claims take the highest priority first, then the oldest, and never the same row twice.
    @Test(arguments: StoreBackend.allCases)
    func claimOrderIsPriorityThenAge(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await addJob(store, "low")
            try await addJob(store, "high")
            _ = try await createRun(store, "low", key: "1", priority: 1)
            _ = try await createRun(store, "high", key: "1", priority: 9)
            let first = try await claim(store, limit: 1)
            #expect(first.map(\.task.workflow) == ["high"])
            #expect(first[0].task.state == .running)
            #expect(first[0].task.tryNumber == 1)
            #expect(try await claim(store, limit: 5).map(\.task.workflow) == ["low"])
            #expect(try await claim(store, limit: 5).isEmpty)
            let running = try await store.attemptsRunning()
            #expect(running.count == 2)
            #expect(try await store.workflowGet(name: "high")?.status == "running")
        }
    }

    /// Concurrent claimers never receive the same task instance.
    @Test(arguments: StoreBackend.allCases)
    func concurrentClaimsAreExclusive(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await addJob(store, "many")
            for i in 0..<60 { _ = try await createRun(store, "many", key: "k\(i)") }
            let ids = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for worker in 0..<6 {
                    group.addTask {
                        var mine: [Int64] = []
                        while true {
                            let got = try await claim(store, limit: 3, node: "w\(worker)")
                            if got.isEmpty { return mine }
                            mine += got.map(\.task.id)
                        }
                    }
                }
                var all: [Int64] = []
                for try await part in group { all += part }
                return all
            }
            #expect(ids.count == 60)
            #expect(Set(ids).count == 60)
        }
    }

    /// Success finishes the task, the run and updates Dkron's counters; a second report is ignored.
    @Test(arguments: StoreBackend.allCases)
    func successFinishesRunOnceAndCounts(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await addJob(store, "ok")
            _ = try await createRun(store, "ok", key: "1")
            let claimed = try await claim(store)[0]
            let outcome = try await finish(store, claimed, ok: true, output: "hello", at: t0 + 2)
            #expect(outcome == TaskFinishOutcome(workflow: "ok", runId: claimed.task.runId, taskState: .success,
                                                 retryAt: nil, runFinished: .success, taskId: "ok", tryNumber: 1))
            #expect(try await finish(store, claimed, ok: false) == nil)
            let job = try #require(try await store.workflowGet(name: "ok"))
            #expect(job.successCount == 1)
            #expect(job.errorCount == 0)
            #expect(job.status == "success")
            #expect(job.lastSuccess == t0 + 2)
            let attempt = try #require(try await store.attemptGet(id: claimed.attemptId))
            #expect(attempt.state == .success)
            #expect(attempt.output == "hello")
            #expect(attempt.exitCode == 0)
            #expect(attempt.attempt == 1)
            #expect(attempt.finishedAt == t0 + 2)
            #expect(try await store.runGet(id: claimed.task.runId)?.state == .success)
        }
    }

    /// A failure with tries left waits for its delay, then is claimed again as attempt 2.
    @Test(arguments: StoreBackend.allCases)
    func failureWithRetriesLeftIsRetriedAfterItsDelay(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await addJob(store, "flaky")
            _ = try await createRun(store, "flaky", key: "1", retries: 1)
            let first = try await claim(store)[0]
            let outcome = try #require(try await finish(store, first, ok: false))
            #expect(outcome.taskState == .upForRetry)
            #expect(outcome.retryAt == t0 + 10)
            #expect(outcome.runFinished == nil)
            #expect(try await store.taskNextReadyAt() == t0 + 10)
            #expect(try await claim(store, at: t0 + 9).isEmpty)
            let second = try await claim(store, at: t0 + 10)
            #expect(second.map(\.task.tryNumber) == [2])
            let last = try #require(try await finish(store, second[0], ok: false, at: t0 + 11))
            #expect(last.taskState == .failed)
            #expect(last.runFinished == .failed)
            let job = try #require(try await store.workflowGet(name: "flaky"))
            #expect(job.errorCount == 2)
            #expect(job.status == "failed")
            let list = try await store.attemptList(AttemptListParams(workflow: "flaky"))
            #expect(list.attempts.map(\.attempt) == [2, 1])
        }
    }

    /// After a crash, running attempts are failed with a reason and retried per policy.
    @Test(arguments: StoreBackend.allCases)
    func recoveryFailsInterruptedAttemptsVisibly(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await addJob(store, "r1")
            try await addJob(store, "r2")
            _ = try await createRun(store, "r1", key: "1", retries: 0)
            _ = try await createRun(store, "r2", key: "1", retries: 2)
            let claimed = try await claim(store)
            try await store.attemptOutputUpdate(id: claimed[0].attemptId, output: "partial", truncated: false)
            let outcomes = try await store.taskRecoverRunning(node: nil, reason: "interrupted", now: t0 + 1)
            #expect(outcomes.map(\.taskState).sorted { $0.rawValue < $1.rawValue } == [.failed, .upForRetry])
            let attempt = try #require(try await store.attemptGet(id: claimed[0].attemptId))
            #expect(attempt.state == .failed)
            #expect(attempt.reason == "interrupted")
            #expect(attempt.output == "partial")
            #expect(try await store.attemptsRunning().isEmpty)
            #expect(try await store.taskRecoverRunning(node: nil, reason: "again", now: t0 + 2).isEmpty)
        }
    }
}

@Suite("Routing")
struct RoutingContractTests {
    /// A task instance with a route goes only to a worker whose tags satisfy it (Dkron's tags);
    /// queues restrict a worker to the queues it serves.
    @Test(arguments: StoreBackend.allCases)
    func routesAndQueuesSelectWorkers(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await addJob(store, "web-only")
            _ = try await store.runCreate(RunCreateParams(
                workflow: "web-only", runKey: "1", logicalDate: t0, trigger: .manual, forbidOverlap: false,
                tasks: [.init(taskId: "t", spec: spec(), route: ["role": "web:2"])], now: t0))
            #expect(try await store.taskClaim(TaskClaimParams(node: "plain", limit: 5, now: t0)).isEmpty)
            #expect(try await store.taskClaim(TaskClaimParams(node: "db", limit: 5, now: t0, tags: ["role": "db"])).isEmpty)
            #expect(try await store.taskClaim(TaskClaimParams(node: "web", limit: 5, now: t0, tags: ["role": "web", "dc": "x"])).count == 1)
            try await addJob(store, "queued")
            _ = try await store.runCreate(RunCreateParams(
                workflow: "queued", runKey: "1", logicalDate: t0, trigger: .manual, forbidOverlap: false,
                tasks: [.init(taskId: "t", spec: spec(), queue: "gpu")], now: t0))
            #expect(try await store.taskClaim(TaskClaimParams(node: "cpu", limit: 5, now: t0, queues: ["default"])).isEmpty)
            #expect(try await store.taskClaim(TaskClaimParams(node: "gpu", limit: 5, now: t0, queues: ["gpu"])).count == 1)
        }
    }

    /// Claimable work behind many task instances routed elsewhere is still found: a claim looks
    /// past its first, narrow window when routes leave it short.
    @Test(arguments: StoreBackend.allCases)
    func aClaimLooksPastWorkRoutedElsewhere(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await addJob(store, "gpu-only")
            for i in 0..<12 {
                _ = try await store.runCreate(RunCreateParams(
                    workflow: "gpu-only", runKey: "\(i)", logicalDate: t0, trigger: .manual, forbidOverlap: false,
                    tasks: [.init(taskId: "t", spec: spec(), route: ["role": "gpu"])], now: t0))
            }
            try await addJob(store, "anywhere")
            _ = try await createRun(store, "anywhere", key: "1", at: t0 + 1)
            _ = try await createRun(store, "anywhere", key: "2", at: t0 + 2)
            let got = try await store.taskClaim(TaskClaimParams(node: "plain", limit: 2, now: t0 + 5))
            #expect(got.map(\.task.workflow) == ["anywhere", "anywhere"])
            #expect(try await store.taskClaim(TaskClaimParams(node: "gpu", limit: 20, now: t0 + 5, tags: ["role": "gpu"])).count == 12)
        }
    }
}

@Suite("Per-node routing (Dkron's tag count)")
struct PinnedRoutingContractTests {
    /// One run of a job spread over nodes `a` and `b`: two instances of `role: web`, each pinned.
    private func spreadRun(_ store: SQLStore, _ job: String = "spread", nodes: [String] = ["a", "b"]) async throws -> RunRecord {
        try await addJob(store, job)
        let outcome = try await store.runCreate(RunCreateParams(
            workflow: job, runKey: "1", logicalDate: t0, trigger: .manual, forbidOverlap: false,
            tasks: nodes.map { .init(taskId: "\(job)@\($0)", spec: spec(), route: ["role": "web:2", TaskRoute.nodeKey: $0]) },
            now: t0))
        guard case .created(let run) = outcome else { throw StoreError("expected a run, got \(outcome)") }
        return run
    }

    private func claim(_ store: SQLStore, _ node: String, tags: [String: String] = ["role": "web"]) async throws -> [ClaimedTask] {
        try await store.taskClaim(TaskClaimParams(node: node, limit: 10, now: t0, tags: tags))
    }

    /// A task instance pinned to node A is claimable by A only, and only while A's tags also
    /// satisfy the rest of its route; each node gets its own instance of the run.
    @Test(arguments: StoreBackend.allCases)
    func pinnedInstanceIsClaimableOnlyByItsNode(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            _ = try await spreadRun(store)
            #expect(try await claim(store, "c").isEmpty, "a matching node that is not pinned")
            #expect(try await claim(store, "a", tags: ["role": "db"]).isEmpty, "the pinned node without the route's tags")
            #expect(try await claim(store, "a", tags: [TaskRoute.nodeKey: "c", "role": "web"]).map(\.task.taskId) == ["spread@a"],
                    "a worker's own rota.node tag is not its name")
            #expect(try await claim(store, "c", tags: [TaskRoute.nodeKey: "b", "role": "web"]).isEmpty)
            let b = try await claim(store, "b")
            #expect(b.map(\.task.taskId) == ["spread@b"])
            #expect(try await claim(store, "b").isEmpty, "one instance per node")
        }
    }

    /// A spread run succeeds only when every node's instance succeeded; the job's status is then
    /// Dkron's over all of them, and success and error counts go up once per execution.
    @Test(arguments: StoreBackend.allCases)
    func spreadRunSucceedsOnlyWhenEveryNodeSucceeds(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let run = try await spreadRun(store, "mixed")
            let a = try #require(try await claim(store, "a").first)
            let b = try #require(try await claim(store, "b").first)
            #expect(try await finish(store, a, ok: true)?.runFinished == nil, "b is still running")
            #expect(try await finish(store, b, ok: false)?.runFinished == .failed)
            #expect(try await store.runGet(id: run.id)?.state == .failed)
            let mixed = try #require(try await store.workflowGet(name: "mixed"))
            #expect(mixed.status == "partially_failed")
            #expect(mixed.successCount == 1 && mixed.errorCount == 1)

            _ = try await spreadRun(store, "good")
            let ga = try #require(try await claim(store, "a").first)
            let gb = try #require(try await claim(store, "b").first)
            try await finish(store, gb, ok: true)
            #expect(try await finish(store, ga, ok: true)?.runFinished == .success)
            let good = try #require(try await store.workflowGet(name: "good"))
            #expect(good.status == "success" && good.successCount == 2)

            _ = try await spreadRun(store, "bad")
            for node in ["a", "b"] { try await finish(store, try #require(try await claim(store, node).first), ok: false) }
            #expect(try await store.workflowGet(name: "bad")?.status == "failed")
        }
    }

    /// Waiting instances pinned to a node that is gone move to a matching node that holds no
    /// other instance of their run; with no such node they stay (claimable if it comes back).
    @Test(arguments: StoreBackend.allCases)
    func instancesPinnedToGoneNodesMoveToAFreeMatchingNode(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            _ = try await spreadRun(store)
            let b = RouteCandidate(name: "b", tags: ["role": "web"])
            let c = RouteCandidate(name: "c", tags: ["role": "web"])
            let db = RouteCandidate(name: "d", tags: ["role": "db"])
            #expect(try await store.taskRepin(nodes: [RouteCandidate(name: "a", tags: ["role": "web"]), b]) == 0, "nobody is gone")
            #expect(try await store.taskRepin(nodes: [b, db]) == 0, "b already has one, d does not match")
            #expect(try await claim(store, "a").map(\.task.taskId) == ["spread@a"], "still a's")

            _ = try await spreadRun(store, "again")
            #expect(try await store.taskRepin(nodes: [b, c, db]) == 1)
            #expect(try await claim(store, "a").isEmpty)
            #expect(try await claim(store, "c").map(\.task.taskId) == ["again@c"], "renamed after its new node")
            #expect(try await claim(store, "b").map(\.task.taskId).sorted() == ["again@b", "spread@b"])
            #expect(try await store.taskRepin(nodes: []) == 0, "running instances stay where they run")

            // A pin the user wrote (a task not named `<job>@<node>`) is never moved.
            try await addJob(store, "mine")
            _ = try await store.runCreate(RunCreateParams(
                workflow: "mine", runKey: "1", logicalDate: t0, trigger: .manual, forbidOverlap: false,
                tasks: [.init(taskId: "mine", spec: spec(), route: [TaskRoute.nodeKey: "x"])], now: t0))
            #expect(try await store.taskRepin(nodes: [c]) == 0)
            #expect(try await claim(store, "x", tags: [:]).map(\.task.taskId) == ["mine"])
        }
    }

    /// Dkron's `value:N`: the count is stripped for matching, the smallest count wins, and a
    /// `rota.node` pin is a name, never a count.
    @Test func tagCountsParseLikeDkron() {
        let parsed = TaskRoute.parse(["role": "web:3", "dc": "eu:2", "os": "linux"])
        #expect(parsed.tags == ["role": "web", "dc": "eu", "os": "linux"])
        #expect(parsed.count == 2)
        #expect(TaskRoute.parse(["role": "web"]).count == nil)
        #expect(TaskRoute.encode(["role": "web:2", TaskRoute.nodeKey: "host:1"]) == "role=web,rota.node=host:1")
        #expect(TaskRoute.pinnedNode("role=web,rota.node=w1") == "w1")
        #expect(TaskRoute.pin("a=1,rota.node=w1,z=2", to: "w2") == "a=1,rota.node=w2,z=2")
        #expect(TaskRoute.matches("role=web,rota.node=w1", tags: ["role": "web"], node: "w1"))
        #expect(!TaskRoute.matches("role=web,rota.node=w1", tags: ["role": "web"], node: "w2"))
        #expect(!TaskRoute.matches("broken", tags: [:], node: "w1"))
    }
}
