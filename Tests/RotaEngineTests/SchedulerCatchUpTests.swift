import Foundation
import Logging
import RotaCore
import RotaEngine
import RotaStorage
import RotaTesting
import Synchronization
import Testing

/// The timer leaves no instant unfired: not between a new leader's catch-up and its timer, not
/// when the database refused a fire for a while.
@Suite("Scheduler catch-up")
struct SchedulerCatchUpTests {
    /// A clock that moves a second on every reading, up to `base + limit`, where it stops: firing
    /// the missed instants takes "seconds", as it may on a loaded server with a database that just
    /// came back.
    final class SteppingClock: TimeSource {
        let base: Date
        let limit: Mutex<Int>
        let readings = Mutex(0)
        init(base: Date, limit: Int) { self.base = base; self.limit = Mutex(limit) }
        func now() -> Date {
            let ceiling = limit.withLock { $0 }
            return base.addingTimeInterval(Double(readings.withLock { count in defer { count = min(count + 1, ceiling) }; return count }))
        }
        var seconds: Int { readings.withLock { $0 } }
    }

    static func store(job: String, at base: Date) async throws -> TestStore {
        let test = try await StoreBackend.sqlite.makeStore()
        let definition = JobDefinition(name: job, schedule: "@every 1s", executorConfig: ["command": "true"])
        _ = try await test.store.workflowUpsert(WorkflowUpsertParams(
            name: job, kind: .job, definition: String(decoding: try JSONEncoder().encode(definition), as: UTF8.self),
            version: "v1", disabled: false, parent: "", now: base))
        return test
    }

    static func seconds(_ store: SQLStore, since base: Date) async throws -> [Int] {
        try await store.runList(RunListParams(workflow: "beat", limit: 1000, newestFirst: false)).runs
            .compactMap { RFC3339.parse(String($0.runKey.dropFirst("scheduled__".count))) }
            .map { Int($0.timeIntervalSince(base).rounded()) }.sorted()
    }

    /// Fires refused by the database (here a SQLite connection switched to `query_only`; in life a
    /// full disk or a connection lost mid-statement) are made up once a fire goes through again:
    /// every second has its run, once. They used to be logged and lost.
    @Test func instantsWhoseFireFailedAreFiredOnceWritesWorkAgain() async throws {
        let base = Date(timeIntervalSince1970: (Date().timeIntervalSince1970).rounded(.down))
        let test = try await Self.store(job: "beat", at: base)
        defer { Task { await test.dispose() } }
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let clock = SteppingClock(base: base, limit: 10)
        let scheduler = CronScheduler(engine: Engine(store: test.store, clock: clock, node: "n", logger: logger), logger: logger)
        try await test.store.adminExecuteOutsideTransaction("PRAGMA query_only = 1")
        let running = Task { try await scheduler.run() }
        // Generous deadlines: with every suite at once on 2 cores the timer can wait seconds for a thread.
        var deadline = Date().addingTimeInterval(60)
        while clock.seconds < 10, Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
        try await Task.sleep(for: .milliseconds(100))
        #expect(try await Self.seconds(test.store, since: base).isEmpty, "fires went through while writes were refused")
        try await test.store.adminExecuteOutsideTransaction("PRAGMA query_only = 0")
        clock.limit.withLock { $0 = 30 }
        deadline = Date().addingTimeInterval(60)
        var seconds: [Int] = []
        while seconds.count < 30, Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
            seconds = try await Self.seconds(test.store, since: base)
        }
        running.cancel()
        _ = try? await running.value
        #expect(seconds == Array(1...30), "missing: \(Set(1...30).subtracting(seconds).sorted())")
    }

    /// `@every 1s`, missed since five seconds before the takeover: every second from then on has
    /// its run, including those that fell due while the missed ones were being fired (they were
    /// skipped when the timer loaded its instants only after the catch-up).
    @Test func takeoverFiresEveryInstantWithoutAGapAfterTheCatchUp() async throws {
        let base = Date(timeIntervalSince1970: (Date().timeIntervalSince1970).rounded(.down))
        let test = try await Self.store(job: "beat", at: base)
        defer { Task { await test.dispose() } }
        let store = test.store
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let engine = Engine(store: store, clock: SteppingClock(base: base, limit: 40), node: "n", logger: logger)
        let scheduler = CronScheduler(engine: engine, logger: logger)
        let running = Task { try await scheduler.run(firingMissedSince: base.addingTimeInterval(-5)) }
        var keys: [String] = []
        let deadline = Date().addingTimeInterval(60)
        while keys.count < 45, Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
            keys = try await store.runList(RunListParams(workflow: "beat", limit: 1000, newestFirst: false)).runs.map(\.runKey)
        }
        running.cancel()
        _ = try? await running.value
        let seconds = keys.compactMap { RFC3339.parse(String($0.dropFirst("scheduled__".count))) }
            .map { Int($0.timeIntervalSince(base).rounded()) }.sorted()
        // The clock stops at base + 40: every second from the first missed one to there, once.
        #expect(seconds == Array(-4...40), "missing: \(Set(-4...40).subtracting(seconds).sorted()), extra: \(seconds.filter { $0 > 40 })")
    }
}
