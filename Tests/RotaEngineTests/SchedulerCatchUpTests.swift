import Foundation
import Logging
import RotaCore
import RotaEngine
import RotaStorage
import RotaTesting
import Synchronization
import Testing

/// A leader taking over fires what it missed and then keeps the timer going, with no instant
/// falling between the two.
@Suite("Scheduler catch-up")
struct SchedulerCatchUpTests {
    /// A clock that moves a second on every reading, up to `base + limit`, where it stops: firing
    /// the missed instants takes "seconds", as it may on a loaded server with a database that just
    /// came back.
    final class SteppingClock: TimeSource {
        let base: Date
        let limit: Int
        let readings = Mutex(0)
        init(base: Date, limit: Int) { self.base = base; self.limit = limit }
        func now() -> Date {
            base.addingTimeInterval(Double(readings.withLock { count in defer { count = min(count + 1, limit) }; return count }))
        }
    }

    /// `@every 1s`, missed since five seconds before the takeover: every second from then on has
    /// its run, including those that fell due while the missed ones were being fired (they were
    /// skipped when the timer loaded its instants only after the catch-up).
    @Test func takeoverFiresEveryInstantWithoutAGapAfterTheCatchUp() async throws {
        let test = try await StoreBackend.sqlite.makeStore()
        defer { Task { await test.dispose() } }
        let store = test.store
        let base = Date(timeIntervalSince1970: (Date().timeIntervalSince1970).rounded(.down))
        let job = JobDefinition(name: "beat", schedule: "@every 1s", executorConfig: ["command": "true"])
        _ = try await store.workflowUpsert(WorkflowUpsertParams(
            name: "beat", kind: .job, definition: String(decoding: try JSONEncoder().encode(job), as: UTF8.self),
            version: "v1", disabled: false, parent: "", now: base))
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let engine = Engine(store: store, clock: SteppingClock(base: base, limit: 40), node: "n", logger: logger)
        let scheduler = CronScheduler(engine: engine, logger: logger)
        let running = Task { try await scheduler.run(firingMissedSince: base.addingTimeInterval(-5)) }
        var keys: [String] = []
        let deadline = Date().addingTimeInterval(20)
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
