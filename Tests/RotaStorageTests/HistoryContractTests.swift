import Foundation
import RotaCore
import RotaStorage
import RotaTesting
import Testing

@Suite("Execution history")
struct HistoryContractTests {
    /// Attempts page newest first with a total; output updates only touch running attempts.
    @Test(arguments: StoreBackend.allCases)
    func attemptsPageNewestFirstWithTotal(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await addJob(store, "h")
            var ids: [Int64] = []
            for i in 0..<5 {
                _ = try await createRun(store, "h", key: "\(i)")
                let c = try await claim(store)[0]
                ids.append(c.attemptId)
                try await finish(store, c, ok: i % 2 == 0)
            }
            let page = try await store.attemptList(AttemptListParams(workflow: "h", offset: 1, limit: 2))
            #expect(page.total == 5)
            #expect(page.attempts.map(\.id) == [ids[3], ids[2]])
            let oldest = try await store.attemptList(AttemptListParams(workflow: "h", limit: 1, newestFirst: false))
            #expect(oldest.attempts.map(\.id) == [ids[0]])
            try await store.attemptOutputUpdate(id: ids[0], output: "changed", truncated: true)
            #expect(try await store.attemptGet(id: ids[0])?.output == "out")
        }
    }

    /// Deleting executions empties the history and resets Dkron's counters.
    @Test(arguments: StoreBackend.allCases)
    func deleteExecutionsResetsCounters(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await addJob(store, "d")
            _ = try await createRun(store, "d", key: "1")
            try await finish(store, try await claim(store)[0], ok: false)
            try await store.attemptDeleteAll(workflow: "d")
            let job = try #require(try await store.workflowGet(name: "d"))
            #expect(job.errorCount == 0)
            #expect(job.lastError == nil)
            #expect(job.status == "")
            #expect(try await store.attemptList(AttemptListParams(workflow: "d")).total == 0)
        }
    }

    /// Retention keeps the newest N finished runs per workflow and drops old ones.
    @Test(arguments: StoreBackend.allCases)
    func pruneKeepsNewestRunsPerWorkflow(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await addJob(store, "p")
            try await addJob(store, "q")
            for i in 0..<4 {
                for name in ["p", "q"] {
                    _ = try await createRun(store, name, key: "\(i)")
                    try await finish(store, try await claim(store)[0], ok: true, at: t0 + Double(i))
                }
            }
            _ = try await createRun(store, "p", key: "active")
            #expect(try await store.runPrune(RunPruneParams(keepPerWorkflow: 2, olderThan: nil)) == 4)
            #expect(try await store.attemptList(AttemptListParams(workflow: "p")).total == 2)
            #expect(try await store.runPrune(RunPruneParams(keepPerWorkflow: nil, olderThan: t0 + 3)) == 2)
            #expect(try await store.attemptList(AttemptListParams(workflow: "q")).total == 1)
            #expect(try await claim(store).count == 1)
        }
    }

    /// Daily stats count successes and failures per UTC day.
    @Test(arguments: StoreBackend.allCases)
    func statsCountPerDay(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await addJob(store, "s")
            for (i, ok) in [true, false, true].enumerated() {
                _ = try await createRun(store, "s", key: "\(i)")
                try await finish(store, try await claim(store)[0], ok: ok, at: t0 + Double(i) * 86400)
            }
            let stats = try await store.attemptStats(since: t0 - 86400)
            #expect(stats.map(\.successCount) == [1, 0, 1])
            #expect(stats.map(\.failedCount) == [0, 1, 0])
        }
    }
}
