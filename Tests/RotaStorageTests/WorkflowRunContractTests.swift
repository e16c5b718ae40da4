import Foundation
import RotaCore
import RotaStorage
import RotaTesting
import Testing

/// Workflow runs through the Store: trigger rules, run limits, pools, clear and mark.
@Suite("Workflow runs")
struct WorkflowRunContractTests {
    static func addDag(_ store: SQLStore, _ name: String, maxActiveRuns: Int = 0, maxActiveTasks: Int = 0) async throws {
        var params = WorkflowUpsertParams(name: name, kind: .dag, definition: "{}", version: "v1", disabled: false,
                                          parent: "", now: t0)
        params.maxActiveRuns = maxActiveRuns
        params.maxActiveTasks = maxActiveTasks
        _ = try await store.workflowUpsert(params)
    }

    static func task(_ id: String, _ upstream: [String] = [], rule: String = "all_success", pool: String = "",
                     slots: Int = 1, retries: Int = 0) -> RunCreateParams.Task {
        RunCreateParams.Task(taskId: id, spec: spec(retries: retries), state: .scheduled, upstream: upstream,
                             triggerRule: rule, pool: pool, poolSlots: slots)
    }

    static func createRun(_ store: SQLStore, _ dag: String, _ key: String, _ tasks: [RunCreateParams.Task]) async throws -> RunRecord {
        guard case .created(let run) = try await store.runCreate(RunCreateParams(
            workflow: dag, runKey: key, logicalDate: t0, trigger: .manual, forbidOverlap: false, tasks: tasks, now: t0))
        else { throw TestFailure("run not created") }
        return run
    }

    static func states(_ store: SQLStore, _ run: RunRecord) async throws -> [String: TaskState] {
        Dictionary(uniqueKeysWithValues: try await store.runTaskInstances(runId: run.id).map { ($0.taskId, $0.state) })
    }

    /// The last tasks of a run finishing at the same moment, in separate transactions, still
    /// release the task they both feed and end the run (each must see the other's finish).
    @Test(arguments: StoreBackend.allCases)
    func simultaneousFinishesReleaseTheirJoinAndEndTheRun(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await Self.addDag(store, "join")
            for round in 0..<10 {
                let run = try await Self.createRun(store, "join", "r\(round)", [
                    Self.task("a"), Self.task("b"), Self.task("c"), Self.task("d"), Self.task("sink", ["a", "b", "c", "d"]),
                ])
                let claimed = try await claim(store)
                #expect(claimed.count == 4)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for task in claimed { group.addTask { try await finish(store, task, ok: true) } }
                    try await group.waitForAll()
                }
                #expect(try await Self.states(store, run)["sink"] == .queued, "round \(round)")
                try await finish(store, try await claim(store)[0], ok: true)
                #expect(try await store.runGet(id: run.id)?.state == .success, "round \(round)")
            }
        }
    }

    /// Roots are released at creation; downstream tasks follow their upstreams; a failure cascades.
    @Test(arguments: StoreBackend.allCases)
    func triggerRulesReleaseAndCascade(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await Self.addDag(store, "diamond")
            let run = try await Self.createRun(store, "diamond", "r1", [
                Self.task("a"), Self.task("b", ["a"]), Self.task("c", ["a"]), Self.task("d", ["b", "c"]),
                Self.task("cleanup", ["d"], rule: "all_done"),
            ])
            #expect(run.state == .running)
            #expect(try await Self.states(store, run) == ["a": .queued, "b": .scheduled, "c": .scheduled, "d": .scheduled,
                                                            "cleanup": .scheduled])
            try await finish(store, try await claim(store)[0], ok: true)
            let pair = try await claim(store)
            #expect(Set(pair.map(\.task.taskId)) == ["b", "c"])
            try await finish(store, pair.first { $0.task.taskId == "b" }!, ok: false)
            #expect(try await Self.states(store, run)["d"] == .upstreamFailed)
            let last = try await finish(store, pair.first { $0.task.taskId == "c" }!, ok: true)
            #expect(last?.runFinished == nil)
            let cleanup = try await claim(store)
            #expect(cleanup.map(\.task.taskId) == ["cleanup"])
            let outcome = try await finish(store, cleanup[0], ok: true)
            #expect(outcome?.runFinished == .success, "an all_done leaf that succeeded makes the run succeed (Airflow)")
        }
    }

    /// With max_active_runs 1 the second run waits queued until the first ends.
    @Test(arguments: StoreBackend.allCases)
    func maxActiveRunsQueuesLaterRuns(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await Self.addDag(store, "serial", maxActiveRuns: 1)
            let first = try await Self.createRun(store, "serial", "r1", [Self.task("only")])
            let second = try await Self.createRun(store, "serial", "r2", [Self.task("only")])
            #expect(first.state == .running)
            #expect(second.state == .queued)
            let claimed = try await claim(store)
            #expect(claimed.map(\.task.runId) == [first.id])
            #expect(try await store.runTaskInstances(runId: second.id).map(\.state) == [.scheduled])
            try await finish(store, claimed[0], ok: true)
            #expect(try await store.runGet(id: second.id)?.state == .running)
            #expect(try await claim(store).map(\.task.runId) == [second.id])
        }
    }

    /// Pools and max_active_tasks bound how many task instances run at once.
    @Test(arguments: StoreBackend.allCases)
    func poolsAndTaskLimitsBoundClaims(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            _ = try await store.poolUpsert(name: "db", slots: 3, description: "database")
            try await Self.addDag(store, "pooled")
            try await Self.addDag(store, "limited", maxActiveTasks: 2)
            _ = try await Self.createRun(store, "pooled", "r", (1...4).map { Self.task("t\($0)", pool: "db", slots: 2) })
            _ = try await Self.createRun(store, "limited", "r", (1...4).map { Self.task("u\($0)") })
            let claimed = try await claim(store, limit: 20)
            #expect(claimed.filter { $0.task.workflow == "pooled" }.count == 1, "3 slots hold one 2-slot task")
            #expect(claimed.filter { $0.task.workflow == "limited" }.count == 2)
            let pool = try #require(try await store.poolGet(name: "db"))
            #expect(pool.occupiedSlots == 2)
            #expect(pool.queuedSlots == 6)
            #expect(try await store.poolList().map(\.name) == ["db", "default_pool"])
            #expect(try await store.poolDelete(name: "db"))
            await #expect(throws: StoreError.self) { try await store.poolDelete(name: "default_pool") }
        }
    }

    /// Clearing a failed task with downstream reruns it with fresh tries, and the run runs again.
    @Test(arguments: StoreBackend.allCases)
    func clearRerunsTasksAndDownstream(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await Self.addDag(store, "rerun")
            let run = try await Self.createRun(store, "rerun", "r", [Self.task("a"), Self.task("b", ["a"])])
            let outcome = try await finish(store, try await claim(store)[0], ok: false)
            #expect(outcome?.runFinished == .failed)
            let cleared = try await store.taskClear(TaskClearParams(runId: run.id, taskIds: ["a"], includeDownstream: true,
                                                                    onlyFailed: false, now: t0))
            #expect(Set(cleared.map(\.taskId)) == ["a", "b"])
            #expect(try await store.runGet(id: run.id)?.state == .running)
            let again = try await claim(store)
            #expect(again.map(\.task.tryNumber) == [2])
            try await finish(store, again[0], ok: true)
            try await finish(store, try await claim(store)[0], ok: true)
            #expect(try await store.runGet(id: run.id)?.state == .success)
        }
    }

    /// Marking a task success releases its downstream; marking a run failed ends its tasks.
    @Test(arguments: StoreBackend.allCases)
    func markSuccessAndMarkRunFailed(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await Self.addDag(store, "marks")
            let run = try await Self.createRun(store, "marks", "r", [Self.task("a"), Self.task("b", ["a"]), Self.task("c", ["b"])])
            let a = try #require(try await store.runTaskInstances(runId: run.id).first { $0.taskId == "a" })
            #expect(try await store.taskSetState(id: a.id, state: .success, now: t0)?.state == .success)
            #expect(try await Self.states(store, run)["b"] == .queued)
            let ended = try await store.runSetState(id: run.id, state: .failed, now: t0)
            #expect(ended?.state == .failed)
            #expect(try await Self.states(store, run) == ["a": .success, "b": .failed, "c": .failed])
        }
    }

    /// Versions are content-addressed; import errors are set, replaced and cleared per file.
    @Test(arguments: StoreBackend.allCases)
    func versionsAndImportErrors(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await Self.addDag(store, "versioned")
            try await store.workflowVersionSave(workflow: "versioned", version: "h1", definition: "{\"a\":1}", now: t0)
            try await store.workflowVersionSave(workflow: "versioned", version: "h1", definition: "ignored", now: t0)
            #expect(try await store.workflowVersionGet(workflow: "versioned", version: "h1") == "{\"a\":1}")
            let longPath = "/dags/" + String(repeating: "x", count: 3000) + ".yaml"
            try await store.importErrorSet(file: longPath, message: "first", now: t0)
            try await store.importErrorSet(file: longPath, message: "second", now: t0)
            #expect(try await store.importErrorList().map(\.message) == ["second"])
            try await store.importErrorClear(file: longPath)
            #expect(try await store.importErrorList().isEmpty)
            try await store.workflowSetActive(name: "versioned", active: false)
            #expect(try await store.workflowGet(name: "versioned")?.active == false)
        }
    }
}

struct TestFailure: Error { var message: String; init(_ m: String) { message = m } }
