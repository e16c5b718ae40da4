import Foundation
import RotaCore
import RotaStorage
import RotaTesting
import Testing

@Suite("Overview queries")
struct OverviewContractTests {
    /// The UI's overview counts runs by state and lists the latest failed attempts, newest first.
    @Test(arguments: StoreBackend.allCases)
    func overviewCountsRunsByStateAndListsTheLatestFailuresFirst(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            #expect(try await store.runCountByState().isEmpty)
            try await addJob(store, "flaky")
            for i in 0..<3 { _ = try await createRun(store, "flaky", key: "k\(i)") }
            let claimed = try await claim(store, limit: 3)
            #expect(claimed.count == 3)
            _ = try await finish(store, claimed[0], ok: false, at: t0 + 1)
            _ = try await finish(store, claimed[1], ok: true, at: t0 + 2)
            _ = try await finish(store, claimed[2], ok: false, at: t0 + 3)
            let counts = try await store.runCountByState()
            #expect(counts["failed"] == 2)
            #expect(counts["success"] == 1)
            #expect(counts["running"] == nil)
            let failures = try await store.attemptRecentFailures(limit: 5)
            #expect(failures.map(\.id) == [claimed[2].attemptId, claimed[0].attemptId])
            #expect(try await store.attemptRecentFailures(limit: 1).map(\.id) == [claimed[2].attemptId])
        }
    }
}

@Suite("Grid queries")
struct GridContractTests {
    /// The grid reads the task instances of a page of runs in one query, grouped by run.
    @Test(arguments: StoreBackend.allCases)
    func taskInstancesOfSeveralRunsComeBackGroupedByRun(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await addJob(store, "grid")
            var ids: [Int64] = []
            for i in 0..<3 {
                if case .created(let run) = try await createRun(store, "grid", key: "k\(i)") { ids.append(run.id) }
            }
            #expect(ids.count == 3)
            let grouped = try await store.runTaskInstances(runIds: [ids[0], ids[2], 999_999])
            #expect(Set(grouped.keys) == [ids[0], ids[2]])
            #expect(grouped[ids[0]]?.map(\.runId) == [ids[0]])
            #expect(try await store.runTaskInstances(runIds: []).isEmpty)
            let page = try await store.runList(RunListParams(workflow: "grid", limit: 2))
            #expect(page.total == 3)
            #expect(page.runs.count == 2)
        }
    }
}
