import Foundation
import Logging
import RotaCore
import RotaLuigi
import RotaStorage
import Synchronization

/// A `LuigiStore` in memory, so the state machine is tested without a database (the SQL is
/// proven on both backends by `LuigiContractTests`).
final class MemoryLuigiStore: LuigiStore {
    private struct State {
        var tasks: [String: LuigiTaskRow] = [:]
        var workers: [String: LuigiWorkerRow] = [:]
        var meta: [String: String] = [:]
        var generation: Int64 = 0
        var history: [LuigiHistoryRow] = []
    }
    private let state = Mutex(State())

    /// A session without catch-up data: a scheduler behind the memory store reloads everything.
    private struct Session: LuigiSession {
        let store: MemoryLuigiStore
        let generation: Int64
        func changes(since generation: Int64) async throws -> LuigiSnapshot? { nil }
        func apply(_ changes: LuigiChanges) async throws -> Int64 { store.apply(changes) }
    }

    func luigiLoad() async throws -> LuigiSnapshot {
        state.withLock {
            LuigiSnapshot(tasks: Array($0.tasks.values), workers: Array($0.workers.values), meta: $0.meta, generation: $0.generation)
        }
    }

    func luigiExclusive<T: Sendable>(_ body: @Sendable (any LuigiSession) async throws -> T) async throws -> T {
        try await body(Session(store: self, generation: state.withLock { $0.generation }))
    }

    private func apply(_ changes: LuigiChanges) -> Int64 {
        state.withLock { state in
            if changes.isEmpty { return state.generation }
            for id in changes.deleteTasks { state.tasks[id] = nil }
            for row in changes.upsertTasks { state.tasks[row.taskId] = row }
            for id in changes.deleteWorkers { state.workers[id] = nil }
            for row in changes.upsertWorkers { state.workers[row.workerId] = row }
            state.meta.merge(changes.meta) { $1 }
            state.history += changes.history
            state.generation += 1
            return state.generation
        }
    }

    func luigiPendingOrder(limit: Int) async throws -> [String] {
        state.withLock { state in
            state.tasks.values.filter { $0.status == "PENDING" }
                .sorted { ($0.priority, -$0.firstSeen) > ($1.priority, -$1.firstSeen) }.prefix(limit).map(\.taskId)
        }
    }

    func luigiHistory(taskId: String?, limit: Int) async throws -> [LuigiHistoryRow] {
        state.withLock { state in
            Array(state.history.filter { taskId == nil || $0.taskId == taskId }.reversed().prefix(limit))
        }
    }
}

/// A clock the test moves by hand.
final class TestClock: Sendable {
    private let seconds = Mutex(1_700_000_000.0)
    var date: Date { Date(timeIntervalSince1970: seconds.withLock { $0 }) }
    func advance(_ by: Double) { seconds.withLock { $0 += by } }
}

/// A scheduler over a memory store and a hand-moved clock, with short helpers for RPC calls.
struct Harness {
    let store = MemoryLuigiStore()
    let clock = TestClock()
    let scheduler: LuigiScheduler

    init(_ configure: (inout LuigiConfig) -> Void = { _ in }) {
        var config = LuigiConfig()
        configure(&config)
        let clock = self.clock
        scheduler = LuigiScheduler(store: store, config: config, logger: Logger(label: "test"), clock: { clock.date })
    }

    /// A second scheduler over the same store: what a restarted Rota sees.
    func restarted(_ configure: (inout LuigiConfig) -> Void = { _ in }) -> LuigiScheduler {
        var config = LuigiConfig()
        configure(&config)
        let clock = self.clock
        return LuigiScheduler(store: store, config: config, logger: Logger(label: "test"), clock: { clock.date })
    }

    @discardableResult
    func call(_ method: String, _ args: [String: JSONValue] = [:]) async throws -> JSONValue {
        try await scheduler.call(method, .object(args))
    }

    func addTask(_ id: String, worker: String = "W", status: String = "PENDING", deps: [String]? = nil,
                 priority: Double = 0, resources: [String: Int]? = nil, family: String? = nil,
                 params: [String: JSONValue] = [:], extra: [String: JSONValue] = [:]) async throws {
        var args: [String: JSONValue] = [
            "task_id": .string(id), "worker": .string(worker), "status": .string(status),
            "priority": .number(priority), "family": .string(family ?? String(id.split(separator: "_").first ?? "")),
            "module": .string("mod"), "params": .object(params),
        ]
        if let deps { args["deps"] = .array(deps.map(JSONValue.string)) }
        if let resources { args["resources"] = .object(resources.mapValues { .number(Double($0)) }) }
        args.merge(extra) { $1 }
        try await call("add_task", args)
    }

    /// The task id `get_work` hands to `worker`, or nil.
    func work(_ worker: String = "W", current: [String]? = nil) async throws -> String? {
        var args: [String: JSONValue] = ["worker": .string(worker), "host": .string("test")]
        if let current { args["current_tasks"] = .array(current.map(JSONValue.string)) }
        return try await call("get_work", args).objectValue?["task_id"]?.stringValue
    }

    func status(_ id: String) async throws -> String? {
        let list = try await call("task_list", ["status": .string(""), "limit": .bool(false)])
        return list.objectValue?[id]?.objectValue?["status"]?.stringValue
    }
}
