import Foundation
import RotaCore
import RotaLuigi
import Testing

@Suite("luigi get_work")
struct LuigiWorkTests {
    /// Among runnable tasks the highest priority goes first, then the one seen first.
    @Test func getWorkOrdersByPriorityThenAge() async throws {
        let h = Harness()
        try await h.addTask("A_1")
        try await h.addTask("B_1", priority: 5)
        try await h.addTask("C_1")
        #expect(try await h.work() == "B_1")
        #expect(try await h.work() == "A_1")
        #expect(try await h.work() == "C_1")
        #expect(try await h.work() == nil)
    }

    /// A task whose dependencies are not all DONE is not handed out.
    @Test func taskWaitsForDependencies() async throws {
        let h = Harness()
        try await h.addTask("All_1", deps: ["Step_1"])
        try await h.addTask("Step_1")
        #expect(try await h.work() == "Step_1")
        #expect(try await h.work() == nil)
        try await h.addTask("Step_1", status: "DONE")
        #expect(try await h.work() == "All_1")
    }

    /// Two workers that both scheduled a task: only one of them gets it.
    @Test func runningTaskIsNotGivenTwice() async throws {
        let h = Harness()
        try await h.addTask("T_1", worker: "A")
        try await h.addTask("T_1", worker: "B")
        #expect(try await h.work("A") == "T_1")
        #expect(try await h.work("B") == nil)
        #expect(try await h.status("T_1") == "RUNNING")
    }

    /// A worker only gets tasks it scheduled itself (it must be in the task's workers).
    @Test func workerOnlyRunsItsOwnTasks() async throws {
        let h = Harness()
        try await h.addTask("T_1", worker: "A")
        #expect(try await h.work("B") == nil)
        #expect(try await h.work("A") == "T_1")
    }

    /// A resource without a configured limit allows one unit; a configured one allows N.
    @Test func resourcesLimitConcurrentTasks() async throws {
        let h = Harness { $0.resources = ["db": 2] }
        for n in 1...3 { try await h.addTask("Db_\(n)", resources: ["db": 1]) }
        try await h.addTask("Gpu_1", resources: ["gpu": 1])
        try await h.addTask("Gpu_2", resources: ["gpu": 1])
        var given: [String] = []
        while let id = try await h.work() { given.append(id) }
        #expect(given.filter { $0.hasPrefix("Db") }.count == 2)
        #expect(given.filter { $0.hasPrefix("Gpu") }.count == 1)
    }

    /// Lowering a running task's resources frees them for the next task at once.
    @Test func decreasingRunningResourcesFreesThem() async throws {
        let h = Harness()
        try await h.addTask("Db_1", resources: ["db": 1])
        try await h.addTask("Db_2", resources: ["db": 1])
        let first = try #require(try await h.work())
        #expect(try await h.work() == nil)
        try await h.call("decrease_running_task_resources", ["task_id": .string(first), "decrease_resources": .object(["db": .number(1)])])
        #expect(try await h.work() != nil)
    }

    /// A worker that lost get_work's reply gets its RUNNING task again when it does not list it.
    @Test func lostReplyIsResent() async throws {
        let h = Harness()
        try await h.addTask("T_1")
        try await h.addTask("T_2")
        let first = try #require(try await h.work(current: []))
        #expect(try await h.work(current: []) == first)
    }

    /// Priority is pushed down to dependencies, so a high-priority consumer's inputs run first.
    @Test func priorityIsRaisedOnDependencies() async throws {
        let h = Harness()
        try await h.addTask("Other_1", priority: 5)
        try await h.addTask("Input_1")
        try await h.addTask("Urgent_1", deps: ["Input_1"], priority: 10)
        #expect(try await h.work() == "Input_1")
    }

    /// Nothing is handed out while paused.
    @Test func pausedSchedulerHandsOutNothing() async throws {
        let h = Harness()
        try await h.addTask("T_1")
        try await h.call("pause")
        #expect(try await h.call("is_paused") == .object(["paused": .bool(true)]))
        #expect(try await h.work() == nil)
        try await h.call("unpause")
        #expect(try await h.work() == "T_1")
    }

    /// A PENDING claim within stable_done_cooldown_secs of DONE is ignored (luigi #2644).
    @Test func recentDoneIgnoresPendingClaim() async throws {
        let h = Harness()
        try await h.addTask("T_1")
        _ = try await h.work()
        try await h.addTask("T_1", status: "DONE")
        try await h.addTask("T_1", worker: "B")
        #expect(try await h.status("T_1") == "DONE")
        h.clock.advance(11)
        try await h.addTask("T_1", worker: "B")
        #expect(try await h.status("T_1") == "PENDING")
    }

    /// A batcher groups same-family tasks into one reply with list params and a batch id.
    @Test func batchableTasksAreHandedOutTogether() async throws {
        let h = Harness()
        try await h.call("add_task_batcher", ["worker": .string("W"), "task_family": .string("Day"),
                                              "batched_args": .array([.string("day")]), "max_batch_size": .number(5)])
        for d in ["d1", "d2", "d3"] {
            try await h.addTask("Day_\(d)", family: "Day", params: ["day": .string(d)], extra: ["batchable": .bool(true)])
        }
        let reply = try await h.call("get_work", ["worker": .string("W")]).objectValue ?? [:]
        #expect(reply["task_id"] == .null)
        #expect(reply["batch_task_ids"] == .array([.string("Day_d1"), .string("Day_d2"), .string("Day_d3")]))
        #expect(reply["task_params"] == .object(["day": .array([.string("d1"), .string("d2"), .string("d3")])]))
        #expect(try await h.status("Day_d1") == "BATCH_RUNNING")
        let batchId = try #require(reply["batch_id"])
        try await h.addTask("Day_d1_d2_d3", status: "RUNNING", family: "Day", extra: ["batch_id": batchId])
        try await h.addTask("Day_d1_d2_d3", status: "DONE", family: "Day", extra: ["batch_id": batchId])
        #expect(try await h.status("Day_d2") == "DONE")
    }

    /// luigi's default `max_batch_size` is `float('inf')`: it is stored, and batching works after
    /// a restart (it once made every `add_task_batcher` a 503).
    @Test func anUnlimitedBatcherIsStoredAndSurvivesARestart() async throws {
        let h = Harness()
        try await h.call("add_task_batcher", ["worker": .string("W"), "task_family": .string("Day"),
                                              "batched_args": .array([.string("day")]), "max_batch_size": .number(.infinity)])
        for d in ["d1", "d2"] {
            try await h.addTask("Day_\(d)", family: "Day", params: ["day": .string(d)], extra: ["batchable": .bool(true)])
        }
        let again = h.restarted()
        let reply = try await again.call("get_work", .object(["worker": .string("W")])).objectValue ?? [:]
        #expect(reply["batch_task_ids"] == .array([.string("Day_d1"), .string("Day_d2")]))
    }
}

@Suite("luigi get_work at scale")
struct LuigiScaleTests {
    /// Draining 5,000 independent tasks stays far from luigid's quadratic cost (no per-call sort).
    @Test func drainingManyTasksIsFast() async throws {
        let h = Harness()
        let n = 5000
        for i in 0..<n { try await h.addTask("Leaf_\(i)", priority: Double(i % 7)) }
        let clock = ContinuousClock()
        var given = 0
        var previousPriority = Double.infinity
        let elapsed = try await clock.measure {
            while let id = try await h.work() {
                let priority = Double(Int(id.split(separator: "_")[1])! % 7)
                #expect(priority <= previousPriority)
                previousPriority = priority
                try await h.addTask(id, status: "DONE")
                given += 1
            }
        }
        #expect(given == n)
        #expect(elapsed < .seconds(30), "draining \(n) tasks took \(elapsed)")
    }
}
