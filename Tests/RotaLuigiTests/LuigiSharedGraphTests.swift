import Foundation
import Logging
import RotaCore
import RotaLuigi
import RotaStorage
import RotaTesting
import Testing

/// Two schedulers over one Store: what two `rota server`s see. Each keeps its own in-memory graph,
/// so these prove that calls served by one are seen by the other, on both backends.
@Suite("luigi graph shared by several servers")
struct LuigiSharedGraphTests {
    static func server(_ store: SQLStore, clock: TestClock? = nil, _ configure: (inout LuigiConfig) -> Void = { _ in }) -> LuigiScheduler {
        var config = LuigiConfig()
        configure(&config)
        guard let clock else { return LuigiScheduler(store: store, config: config, logger: Logger(label: "test")) }
        return LuigiScheduler(store: store, config: config, logger: Logger(label: "test"), clock: { clock.date })
    }

    static func withTwoServers(_ backend: StoreBackend, clock: TestClock? = nil, _ configure: (inout LuigiConfig) -> Void = { _ in },
                               _ body: (SQLStore, LuigiScheduler, LuigiScheduler) async throws -> Void) async throws {
        let test = try await backend.makeStore()
        do {
            try await body(test.store, server(test.store, clock: clock, configure), server(test.store, clock: clock, configure))
        } catch {
            await test.dispose()
            throw error
        }
        await test.dispose()
    }

    @discardableResult
    static func call(_ s: LuigiScheduler, _ method: String, _ args: [String: JSONValue]) async throws -> JSONValue {
        try await s.call(method, .object(args))
    }

    static func add(_ s: LuigiScheduler, _ id: String, worker: String, status: String = "PENDING") async throws {
        try await call(s, "add_task", ["task_id": .string(id), "worker": .string(worker), "status": .string(status),
                                       "family": .string("Shared"), "runnable": .bool(true)])
    }

    static func work(_ s: LuigiScheduler, _ worker: String) async throws -> String? {
        try await call(s, "get_work", ["worker": .string(worker), "host": .string("h-\(worker)")]).objectValue?["task_id"]?.stringValue
    }

    static func statuses(_ s: LuigiScheduler) async throws -> [String: String] {
        let list = try await call(s, "task_list", ["status": .string(""), "limit": .bool(false)]).objectValue ?? [:]
        return list.compactMapValues { $0.objectValue?["status"]?.stringValue }
    }

    /// Tasks scheduled through one server are handed out through the other, each to one worker;
    /// DONE reported to either is what both list.
    @Test(arguments: StoreBackend.allCases)
    func tasksScheduledOnOneServerAreHandedOutOnceThroughEither(backend: StoreBackend) async throws {
        try await Self.withTwoServers(backend) { _, a, b in
            for n in 0..<4 {
                try await Self.add(a, "T_\(n)", worker: "W1")
                try await Self.add(b, "T_\(n)", worker: "W2")
            }
            var given: [(id: String, worker: String)] = []
            while true {
                let first = try await Self.work(a, "W1")
                let second = try await Self.work(b, "W2")
                given += [first.map { ($0, "W1") }, second.map { ($0, "W2") }].compactMap { $0 }
                if first == nil && second == nil { break }
            }
            #expect(given.map(\.id).sorted() == ["T_0", "T_1", "T_2", "T_3"])
            #expect(Set(given.map(\.worker)) == ["W1", "W2"])
            #expect(try await Self.statuses(a).values.allSatisfy { $0 == "RUNNING" })
            // Each worker reports to the other server than the one that handed it the task.
            for (id, worker) in given { try await Self.add(worker == "W1" ? b : a, id, worker: worker, status: "DONE") }
            #expect(try await Self.statuses(a) == Dictionary(uniqueKeysWithValues: given.map { ($0.id, "DONE") }))
            #expect(try await Self.statuses(b) == Dictionary(uniqueKeysWithValues: given.map { ($0.id, "DONE") }))
        }
    }

    /// Two workers hammering two servers at once still never get the same task.
    @Test(arguments: StoreBackend.allCases)
    func concurrentWorkersOnTwoServersNeverShareATask(backend: StoreBackend) async throws {
        try await Self.withTwoServers(backend) { _, a, b in
            let ids = (0..<40).map { "Job_\($0)" }
            for id in ids {
                try await Self.add(a, id, worker: "W1")
                try await Self.add(b, id, worker: "W2")
            }
            async let one = Self.drain(a, "W1")
            async let two = Self.drain(b, "W2")
            let (x, y) = try await (one, two)
            #expect(Set(x).isDisjoint(with: y), "both ran \(Set(x).intersection(y))")
            #expect((x + y).sorted() == ids.sorted())
        }
    }

    static func drain(_ s: LuigiScheduler, _ worker: String) async throws -> [String] {
        var done: [String] = []
        while let id = try await work(s, worker) {
            try await add(s, id, worker: worker, status: "DONE")
            done.append(id)
        }
        return done
    }

    /// A task one server prunes away leaves the other's graph too, and its history stays: each
    /// status change once, with the worker that caused it.
    @Test(arguments: StoreBackend.allCases)
    func prunedTasksLeaveBothGraphsAndKeepTheirHistory(backend: StoreBackend) async throws {
        let clock = TestClock()
        try await Self.withTwoServers(backend, clock: clock, { $0.workerDisconnectDelay = 5; $0.removeDelay = 5 }) { store, a, b in
            try await Self.add(a, "Gone_1", worker: "W1")
            #expect(try await Self.work(b, "W1") == "Gone_1")
            try await Self.add(b, "Gone_1", worker: "W1", status: "DONE")
            clock.advance(10)
            try await Self.call(a, "prune", [:])
            clock.advance(10)
            try await Self.call(a, "prune", [:])
            #expect(try await Self.statuses(a)["Gone_1"] == nil)
            #expect(try await Self.statuses(b)["Gone_1"] == nil)
            let history = try await store.luigiHistory(taskId: "Gone_1", limit: 10)
            #expect(history.map(\.status) == ["DONE", "RUNNING", "PENDING"])
            #expect(history.map(\.worker) == ["W1", "W1", "W1"])
            #expect(history[1].host == "h-W1")
            #expect(try await a.call("has_task_history", .object([:])) == .bool(true))
        }
    }
}
