import Foundation
import Logging
import RotaCore
import RotaEngine
import RotaStorage
import RotaTesting
import Testing

/// Dkron's `"tags": {"role": "web:2"}`: a run on at most N of the alive nodes that match.
@Suite("Job placement by tag count")
struct JobPlacementTests {
    /// Web workers w1–w3 (w3 also in `dc: eu`), a db worker, a web worker that stopped
    /// heartbeating, one that left, a server without a pool and one with.
    private func withCluster(_ backend: StoreBackend, _ body: (SQLStore, Engine) async throws -> Void) async throws {
        let test = try await backend.makeStore()
        do {
            let store = test.store
            let now = Date()
            func member(_ name: String, _ kind: MemberRecord.Kind, _ tags: [String: String], capacity: Int = 2,
                        status: String = "alive", seen: Date = now) async throws {
                try await store.memberUpsert(MemberRecord(name: name, kind: kind, address: "h", tags: tags, capacity: capacity,
                                                          running: 0, status: status, startedAt: seen, lastSeen: seen))
            }
            try await member("w1", .worker, ["role": "web"])
            try await member("w2", .worker, ["role": "web"])
            try await member("w3", .worker, ["role": "web", "dc": "eu"])
            try await member("d1", .worker, ["role": "db"])
            try await member("stale", .worker, ["role": "web"], seen: now.addingTimeInterval(-60))
            try await member("gone", .worker, ["role": "web"], status: "left")
            try await member("s-nopool", .server, ["server": "true"], capacity: 0)
            try await member("s-pool", .server, ["server": "true"])
            try await body(store, Engine(store: store, node: "s-pool", logger: Logger(label: "test")))
        } catch {
            await test.dispose()
            throw error
        }
        await test.dispose()
    }

    private func run(_ engine: Engine, _ store: SQLStore, _ name: String, tags: [String: String],
                     key: String = "1") async throws -> [TaskInstanceRecord] {
        var job = JobDefinition(name: name, schedule: "@manually", executorConfig: ["command": "true"])
        job.tags = tags
        if try await store.workflowGet(name: name) == nil {
            _ = try await store.workflowUpsert(WorkflowUpsertParams(
                name: name, kind: .job, definition: String(decoding: try JSONEncoder().encode(job), as: UTF8.self),
                version: "v1", disabled: false, parent: "", now: Date()))
        }
        guard case .created(let run) = try await engine.startRun(of: job, trigger: .manual, logicalDate: Date(), runKey: key)
        else { throw StoreError("no run created") }
        return try await store.runTaskInstances(runId: run.id)
    }

    private func nodes(_ tasks: [TaskInstanceRecord], of job: String) -> Set<String> {
        Set(tasks.map { String($0.taskId.dropFirst(job.count + 1)) })
    }

    /// `web:2` with three alive web workers: one run, two task instances, on two different
    /// ones of them, each claimable by its own node only.
    @Test(arguments: StoreBackend.allCases)
    func countTwoRunsOnTwoOfTheMatchingNodes(backend: StoreBackend) async throws {
        try await withCluster(backend) { store, engine async throws in
            let tasks = try await run(engine, store, "two", tags: ["role": "web:2"])
            #expect(tasks.count == 2)
            #expect(tasks.allSatisfy { $0.taskId.hasPrefix("two@") })
            let chosen = nodes(tasks, of: "two")
            #expect(chosen.count == 2 && chosen.isSubset(of: ["w1", "w2", "w3"]))
            for node in ["w1", "w2", "w3"] {
                let claimed = try await store.taskClaim(TaskClaimParams(node: node, limit: 5, now: Date(), tags: ["role": "web"]))
                #expect(claimed.map(\.task.taskId) == (chosen.contains(node) ? ["two@\(node)"] : []))
            }
        }
    }

    /// A count above the matching nodes runs on each of them once; stale, left and non-matching
    /// members are never chosen; servers count only with a worker pool.
    @Test(arguments: StoreBackend.allCases)
    func countAboveTheMatchingNodesRunsOnEachOnce(backend: StoreBackend) async throws {
        try await withCluster(backend) { store, engine async throws in
            #expect(nodes(try await run(engine, store, "five", tags: ["role": "web:5"]), of: "five") == ["w1", "w2", "w3"])
            #expect(nodes(try await run(engine, store, "servers", tags: ["server": "true:3"]), of: "servers") == ["s-pool"])
        }
    }

    /// With several counts the smallest wins, and every tag must match.
    @Test(arguments: StoreBackend.allCases)
    func smallestCountWins(backend: StoreBackend) async throws {
        try await withCluster(backend) { store, engine async throws in
            #expect(try await run(engine, store, "small", tags: ["role": "web:3", "os": "any:1"]).map(\.taskId) == ["small"],
                    "no node has os=any: one waiting instance")
            let tasks = try await run(engine, store, "eu", tags: ["role": "web:1", "dc": "eu:3"])
            #expect(tasks.map(\.taskId) == ["eu@w3"])
        }
    }

    /// Without a count a run stays one task instance named after the job, claimable by any
    /// matching worker; with a count but no matching node, the same (it waits for one).
    @Test(arguments: StoreBackend.allCases)
    func withoutCountOrMatchOneInstanceWaitsForAnyMatchingWorker(backend: StoreBackend) async throws {
        try await withCluster(backend) { store, engine async throws in
            #expect(try await run(engine, store, "plain", tags: ["role": "web"]).map(\.taskId) == ["plain"])
            #expect(try await run(engine, store, "nomatch", tags: ["role": "gpu:2"]).map(\.taskId) == ["nomatch"])
            #expect(try await store.taskClaim(TaskClaimParams(node: "w2", limit: 5, now: Date(), tags: ["role": "web"]))
                .map(\.task.taskId) == ["plain"])
            #expect(try await store.taskClaim(TaskClaimParams(node: "new", limit: 5, now: Date(), tags: ["role": "gpu"]))
                .map(\.task.taskId) == ["nomatch"])
        }
    }

    /// Each fire chooses afresh at random: over 30 runs of `web:1` more than one node is chosen.
    @Test(arguments: StoreBackend.allCases)
    func eachFireChoosesAtRandom(backend: StoreBackend) async throws {
        try await withCluster(backend) { store, engine async throws in
            var chosen: Set<String> = []
            for key in 1...30 { chosen.formUnion(nodes(try await run(engine, store, "one", tags: ["role": "web:1"], key: "\(key)"), of: "one")) }
            #expect(chosen.count > 1)
            #expect(chosen.isSubset(of: ["w1", "w2", "w3"]))
        }
    }

    /// When a chosen worker dies before running its instance, the zombie reaper moves the
    /// instance to a matching node of no other instance of the run (and names it after it).
    @Test(arguments: StoreBackend.allCases)
    func reaperMovesInstancesOfDeadNodesToFreeOnes(backend: StoreBackend) async throws {
        try await withCluster(backend) { store, engine async throws in
            let tasks = try await run(engine, store, "moved", tags: ["role": "web:2"])
            let chosen = nodes(tasks, of: "moved")
            let dead = try #require(chosen.sorted().first)
            let free = try #require(Set(["w1", "w2", "w3"]).subtracting(chosen).first)
            try await store.memberSetStatus(name: dead, status: "failed")
            let reaper = ZombieReaper(engine: engine, cluster: store, timeout: .seconds(60), logger: Logger(label: "test"))
            try await reaper.reap()
            #expect(try await store.taskClaim(TaskClaimParams(node: dead, limit: 5, now: Date(), tags: ["role": "web"])).isEmpty)
            let claimed = try await store.taskClaim(TaskClaimParams(node: free, limit: 5, now: Date(), tags: ["role": "web"]))
            #expect(claimed.map(\.task.taskId) == ["moved@\(free)"])
        }
    }
}
