import Foundation
import RotaStorage
import RotaTesting
import Testing

@Suite("Luigi storage contract")
struct LuigiContractTests {
    static func task(_ id: String, status: String = "PENDING", priority: Int64 = 0, seen: Int64 = 1000, body: String = "{}") -> LuigiTaskRow {
        LuigiTaskRow(taskId: id, status: status, priority: priority, firstSeen: seen, body: body)
    }

    /// Applied tasks, workers and scheduler values come back from a load unchanged.
    @Test(arguments: StoreBackend.allCases)
    func appliedStateLoadsBack(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            var changes = LuigiChanges()
            let longId = "Family_" + String(repeating: "x", count: 3000) + "_0123456789"
            changes.upsertTasks = [Self.task(longId, body: "{\"a\":1}"), Self.task("B_1", status: "DONE")]
            changes.upsertWorkers = [LuigiWorkerRow(workerId: "Worker(salt=1)", lastActive: 5, body: "{\"w\":1}")]
            changes.meta = ["paused": "1"]
            try await store.luigiApply(changes)
            let snapshot = try await store.luigiLoad()
            #expect(Set(snapshot.tasks.map(\.taskId)) == [longId, "B_1"])
            #expect(snapshot.tasks.first { $0.taskId == longId }?.body == "{\"a\":1}")
            #expect(snapshot.workers == changes.upsertWorkers)
            #expect(snapshot.meta == ["paused": "1"])
        }
    }

    /// An upsert replaces a task's status, priority and body; a delete removes task and worker.
    @Test(arguments: StoreBackend.allCases)
    func upsertReplacesAndDeleteRemoves(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            var first = LuigiChanges()
            first.upsertTasks = [Self.task("A_1"), Self.task("B_1")]
            first.upsertWorkers = [LuigiWorkerRow(workerId: "W", lastActive: 1, body: "{}")]
            try await store.luigiApply(first)
            var second = LuigiChanges()
            second.upsertTasks = [Self.task("A_1", status: "RUNNING", priority: 7, body: "{\"v\":2}")]
            second.deleteTasks = ["B_1"]
            second.deleteWorkers = ["W"]
            second.meta = ["paused": "0"]
            try await store.luigiApply(second)
            let snapshot = try await store.luigiLoad()
            #expect(snapshot.tasks == [Self.task("A_1", status: "RUNNING", priority: 7, body: "{\"v\":2}")])
            #expect(snapshot.workers.isEmpty)
            #expect(snapshot.meta["paused"] == "0")
        }
    }

    /// PENDING tasks come out of the index highest priority first, then oldest first.
    @Test(arguments: StoreBackend.allCases)
    func pendingOrderIsPriorityThenAge(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            var changes = LuigiChanges()
            changes.upsertTasks = [Self.task("Old_1", seen: 1), Self.task("New_1", seen: 9), Self.task("Hi_1", priority: 5, seen: 20),
                                   Self.task("Done_1", status: "DONE", priority: 99)]
            try await store.luigiApply(changes)
            #expect(try await store.luigiPendingOrder(limit: 10) == ["Hi_1", "Old_1", "New_1"])
            #expect(try await store.luigiPendingOrder(limit: 1) == ["Hi_1"])
        }
    }
}
