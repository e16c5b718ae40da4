import Foundation
import RotaCore
import RotaLuigi
import Testing

@Suite("luigi workers, messages and durability")
struct LuigiWorkerTests {
    /// set_worker_processes is delivered once, on the worker's next ping.
    @Test func schedulerMessagesRideOnPing() async throws {
        let h = Harness()
        try await h.call("ping", ["worker": .string("W")])
        try await h.call("set_worker_processes", ["worker": .string("W"), "n": .number(3)])
        let first = try await h.call("ping", ["worker": .string("W")])
        #expect(first == .object(["rpc_messages": .array([.object(["name": .string("set_worker_processes"),
                                                                     "kwargs": .object(["n": .number(3)])])])]))
        #expect(try await h.call("ping", ["worker": .string("W")]) == .object(["rpc_messages": .array([])]))
    }

    /// A worker silent for worker_disconnect_delay is pruned and its RUNNING task becomes FAILED.
    @Test func silentWorkerIsPrunedAndItsTaskFails() async throws {
        let h = Harness { $0.workerDisconnectDelay = 10 }
        try await h.addTask("T_1", worker: "A")
        #expect(try await h.work("A") == "T_1")
        h.clock.advance(11)
        try await h.call("ping", ["worker": .string("B")])
        try await h.call("prune")
        #expect(try await h.status("T_1") == "FAILED")
        let workers = try await h.call("worker_list")
        #expect(workers == .array([]) || !String(describing: workers).contains("\"A\""))
    }

    /// A disabled worker gets no work and cannot add tasks.
    @Test func disabledWorkerGetsNothing() async throws {
        let h = Harness()
        try await h.addTask("T_1", worker: "A")
        try await h.call("disable_worker", ["worker": .string("A")])
        let reply = try await h.call("get_work", ["worker": .string("A")])
        #expect(reply.objectValue?["worker_state"] == .string("disabled"))
        #expect(reply.objectValue?["task_id"] == .null)
    }

    /// A restarted scheduler over the same store sees the same graph and carries on.
    @Test func stateSurvivesARestart() async throws {
        let h = Harness()
        try await h.addTask("All_1", deps: ["Step_1", "Step_2"])
        try await h.addTask("Step_1", priority: 3)
        try await h.addTask("Step_2")
        #expect(try await h.work() == "Step_1")
        try await h.call("set_worker_processes", ["worker": .string("W"), "n": .number(2)])
        let again = h.restarted()
        let list = try await again.call("task_list", .object(["status": .string("RUNNING")]))
        #expect(list.objectValue?.keys.sorted() == ["Step_1"])
        let reply = try await again.call("get_work", .object(["worker": .string("W"), "current_tasks": .array([.string("Step_1")])]))
        #expect(reply.objectValue?["task_id"] == .string("Step_2"))
        let ping = try await again.call("ping", .object(["worker": .string("W")]))
        #expect(String(describing: ping).contains("set_worker_processes"))
    }

    /// An unknown method and bad arguments are refused with distinct errors.
    @Test func unknownMethodAndBadArgumentsAreRefused() async throws {
        let h = Harness()
        await #expect(throws: LuigiError.unknownMethod("nope")) { try await h.call("nope") }
        await #expect(throws: LuigiError.self) { try await h.call("add_task", ["task_id": .string("T_1")]) }
        await #expect(throws: LuigiError.self) { try await h.call("add_task", ["worker": .string("W"), "task_id": .number(1), "deps": .string("x")]) }
    }

    /// Every one of luigi 3.8.1's 39 RPC methods is served.
    @Test func allThirtyNineMethodsAreKnown() {
        #expect(LuigiScheduler.methods.count == 39)
    }

    /// The views the visualiser uses answer with luigid's shapes.
    @Test func visualiserViews() async throws {
        let h = Harness { $0.resources = ["db": 2] }
        try await h.addTask("All_1", deps: ["Step_1"])
        try await h.addTask("Step_1", resources: ["db": 1])
        _ = try await h.work()
        let graph = try await h.call("dep_graph", ["task_id": .string("All_1")]).objectValue ?? [:]
        #expect(graph.keys.sorted() == ["All_1", "Step_1"])
        let inverse = try await h.call("inverse_dep_graph", ["task_id": .string("Step_1")]).objectValue ?? [:]
        #expect(inverse.keys.sorted() == ["All_1", "Step_1"])
        let search = try await h.call("task_search", ["task_str": .string("Step")]).objectValue ?? [:]
        #expect(search["RUNNING"]?.objectValue?.keys.sorted() == ["Step_1"])
        let resources = try await h.call("resource_list")
        #expect(String(describing: resources).contains("num_used"))
        #expect(try await h.call("update_resource", ["resource": .string("db"), "amount": .number(-1)]) == .bool(false))
        #expect(try await h.call("has_task_history") == .bool(true))
        let message = try await h.call("send_scheduler_message", ["worker": .string("W"), "task": .string("Step_1"),
                                                                  "content": .string("hi")])
        let messageId = try #require(message.objectValue?["message_id"])
        try await h.call("add_scheduler_message_response", ["task_id": .string("Step_1"), "message_id": messageId,
                                                            "response": .string("ok")])
        let response = try await h.call("get_scheduler_message_response", ["task_id": .string("Step_1"), "message_id": messageId])
        #expect(response == .object(["response": .string("ok")]))
    }
}

@Suite("luigi restarts")
struct LuigiRestartTests {
    /// Rota's downtime does not count against workers: after a long outage their tasks stay RUNNING.
    @Test func downtimeDoesNotPruneWorkers() async throws {
        let h = Harness { $0.workerDisconnectDelay = 10 }
        try await h.addTask("T_1", worker: "A")
        #expect(try await h.work("A") == "T_1")
        h.clock.advance(300)
        let again = h.restarted { $0.workerDisconnectDelay = 10 }
        _ = try await again.call("prune", .object([:]))
        let running = try await again.call("task_list", .object(["status": .string("RUNNING")]))
        #expect(running.objectValue?.keys.sorted() == ["T_1"])
    }
}
