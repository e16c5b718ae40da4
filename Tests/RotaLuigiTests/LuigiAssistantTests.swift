import Foundation
import RotaCore
import RotaLuigi
import Testing

@Suite("luigi assistants and counts")
struct LuigiAssistantTests {
    /// An assistant runs a runnable task it never scheduled, and does not become its stakeholder.
    @Test func assistantRunsOthersTasks() async throws {
        let h = Harness()
        try await h.addTask("T_1", worker: "Scheduler")
        let reply = try await h.call("get_work", ["worker": .string("Helper"), "assistant": .bool(true)])
        #expect(reply.objectValue?["task_id"] == .string("T_1"))
        #expect(reply.objectValue?["task_module"] == .string("mod"))
    }

    /// count_pending reports a worker's PENDING tasks, those only it can run, and those it offered last.
    @Test func countPendingCountsAWorkersTasks() async throws {
        let h = Harness()
        try await h.addTask("A_1", worker: "X")
        try await h.addTask("B_1", worker: "X")
        try await h.addTask("B_1", worker: "Y")
        let x = try await h.call("count_pending", ["worker": .string("X")]).objectValue ?? [:]
        #expect(x["n_pending_tasks"] == .number(2))
        #expect(x["n_unique_pending"] == .number(1))
        #expect(x["n_pending_last_scheduled"] == .number(1))
        _ = try await h.work("X")
        let after = try await h.call("count_pending", ["worker": .string("X")]).objectValue ?? [:]
        #expect(after["n_pending_tasks"] == .number(1))
        #expect(after["running_tasks"] != .array([]))
    }

    /// Hidden params are kept for get_work but not shown in task lists.
    @Test func hiddenParamsStayServerSide() async throws {
        let h = Harness()
        try await h.addTask("T_1", params: ["a": .string("1"), "secret": .string("s")],
                            extra: ["param_visibilities": .object(["a": .number(0), "secret": .number(1)])])
        let list = try await h.call("task_list", ["status": .string("PENDING")])
        #expect(list.objectValue?["T_1"]?.objectValue?["params"] == .object(["a": .string("1")]))
        #expect(list.objectValue?["T_1"]?.objectValue?["display_name"] == .string("T(a=1)"))
        let reply = try await h.call("get_work", ["worker": .string("W")])
        #expect(reply.objectValue?["task_params"] == .object(["a": .string("1"), "secret": .string("s")]))
    }

    /// add_worker accepts luigi's first-call list of pairs and a later dict.
    @Test func addWorkerAcceptsPairsAndDict() async throws {
        let h = Harness()
        try await h.call("add_worker", ["worker": .string("W"),
                                        "info": .array([.array([.string("workers"), .number(2)]), .array([.string("host"), .string("vm")])])])
        try await h.call("add_worker", ["worker": .string("W"), "info": .object(["workers": .number(3)])])
        let list = try await h.call("worker_list")
        guard case .array(let workers) = list, let first = workers.first?.objectValue else {
            Issue.record("no worker listed: \(list)")
            return
        }
        #expect(first["workers"] == .number(3))
        #expect(first["host"] == .string("vm"))
    }
}
