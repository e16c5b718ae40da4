import Foundation
import Logging
import RotaCore
import RotaStorage
import RotaWorker
import ServiceLifecycle
import Synchronization

/// The timer for everything scheduled: a heap of next-fire instants, sleeping until the earliest.
///
/// Jobs fire at their instants; workflows fire when a data interval ends (and catch up missed
/// intervals when `catchup` is set). Loaded from the Store at start and told about every change
/// by the catalogs. Missed job instants are not fired (Dkron's behaviour), except a one-shot
/// `@after` still inside its grace window. Every fire goes through the engine, whose unique run
/// keys make a second fire of the same instant a no-op, across restarts too.
public final class CronScheduler: Service, Sendable {
    /// What a heap entry fires.
    enum Item: Sendable {
        case job(JobDefinition)
        case workflow(WorkflowDefinition, version: String, anchor: Date)

        var name: String {
            switch self {
            case .job(let job): return job.name
            case .workflow(let definition, _, _): return "dag:" + definition.id
            }
        }
    }

    private struct State {
        var heap = FireHeap()
        var items: [String: (item: Item, generation: Int)] = [:]
        var nextGeneration = 0
    }
    private let state = Mutex(State())
    private let changed = WakeSignal()
    private let engine: Engine
    private let logger: Logger

    public init(engine: Engine, logger: Logger) {
        self.engine = engine
        self.logger = logger
    }

    /// (Re)loads every job and workflow from the Store.
    public func reload() async throws {
        let records = try await engine.store.workflowList(kind: nil)
        state.withLock { $0 = State() }
        for record in records {
            if let job = Engine.job(record) {
                schedule(.job(job), initial: true)
            } else if let definition = Engine.workflow(record), record.active, !record.disabled {
                schedule(.workflow(definition, version: record.version, anchor: definition.startDate ?? record.createdAt),
                         initial: true)
            }
        }
        changed.signal()
    }

    /// Fires every job instant in `(since, now]`: what a dead leader may have missed. Run keys are
    /// unique, so instants the old leader did fire are no-ops here.
    public func fireMissed(since: Date) async {
        let now = engine.clock.now()
        guard let records = try? await engine.store.workflowList(kind: .job) else { return }
        for record in records {
            guard let job = Engine.job(record), !job.disabled, job.parentJob.isEmpty else { continue }
            var instant = job.nextFire(after: since)
            var count = 0
            while let due = instant, due <= now, count < 1000 {
                try? await engine.fire(job, at: due)
                instant = job.nextFire(after: due)
                count += 1
            }
        }
    }

    /// A job was created or changed: reschedule it from now.
    public func jobChanged(_ job: JobDefinition) {
        schedule(.job(job), initial: true)
        changed.signal()
    }

    public func jobRemoved(_ name: String) {
        state.withLock { _ = $0.items.removeValue(forKey: name) }
        changed.signal()
    }

    /// A workflow was stored, unpaused or reactivated; paused or inactive ones are removed.
    public func workflowChanged(_ definition: WorkflowDefinition, record: WorkflowRecord) {
        if record.disabled || !record.active {
            workflowRemoved(definition.id)
            return
        }
        schedule(.workflow(definition, version: record.version, anchor: definition.startDate ?? record.createdAt), initial: true)
        changed.signal()
    }

    public func workflowRemoved(_ id: String) {
        state.withLock { _ = $0.items.removeValue(forKey: "dag:" + id) }
        changed.signal()
    }

    public var scheduledCount: Int { state.withLock { $0.items.count } }

    private func schedule(_ item: Item, initial: Bool) {
        let now = engine.clock.now()
        state.withLock { state in
            state.nextGeneration += 1
            let generation = state.nextGeneration
            state.items[item.name] = (item, generation)
            if let next = Self.firstFire(of: item, now: now, initial: initial) {
                state.heap.push(.init(at: next, job: item.name, generation: generation))
            }
        }
    }

    static func firstFire(of item: Item, now: Date, initial: Bool) -> Date? {
        switch item {
        case .job(let job):
            guard !job.disabled, job.parentJob.isEmpty, let schedule = job.parsedSchedule else { return nil }
            if initial, let due = schedule.dueNow(at: now) { return due }
            return job.nextFire(after: now)
        case .workflow(let definition, _, _):
            // Fire now: creating due (or caught-up) intervals is idempotent.
            return definition.parsedSchedule == nil ? nil : now
        }
    }

    static func following(_ item: Item, after instant: Date, now: Date) -> Date? {
        switch item {
        case .job(let job):
            return job.nextFire(after: instant)
        case .workflow(let definition, _, let anchor):
            guard let schedule = definition.parsedSchedule else { return nil }
            return IntervalPlanner.nextFire(schedule: schedule, timeZone: definition.timeZone, anchor: anchor,
                                            endDate: definition.endDate, now: max(now, instant))
        }
    }

    public func run() async throws {
        try await run(firingMissedSince: nil)
    }

    /// Runs the timer; with `missedSince` (a leader taking over) it first fires the instants
    /// missed since then. The heap is loaded before the missed instants are fired, so an instant
    /// falling due while they are being fired is in one or the other (or both: a no-op), never
    /// in neither — loading after the catch-up used to skip whatever fell due during it.
    public func run(firingMissedSince missedSince: Date?) async throws {
        try? await reload()
        if let missedSince { await fireMissed(since: missedSince) }
        await cancelWhenGracefulShutdown {
            // The earliest job instant whose fire failed (the database refused the write: a full
            // disk, a connection lost mid-statement). The next fire that goes through fires every
            // job instant since then, each once, instead of leaving them unfired for good.
            var failedSince: Date?
            while !Task.isCancelled {
                let now = self.engine.clock.now()
                let due = self.takeDue(now: now)
                for (item, instant) in due {
                    do {
                        switch item {
                        case .job(let job):
                            try await self.engine.fire(job, at: instant)
                        case .workflow(let definition, let version, let anchor):
                            try await self.engine.fireWorkflow(definition, version: version, anchor: anchor)
                        }
                        if let since = failedSince {
                            failedSince = nil
                            self.logger.notice("firing works again; firing the instants that failed",
                                               metadata: ["rota.since": "\(RFC3339.formatFractional(since))"])
                            await self.fireMissed(since: since.addingTimeInterval(-0.001))
                        }
                    } catch {
                        self.logger.error("firing failed", metadata: ["rota.workflow": "\(item.name)", "rota.error": "\(error)"])
                        if case .job = item { failedSince = min(failedSince ?? instant, instant) }
                    }
                }
                if !due.isEmpty { continue }
                let wait = self.state.withLock { $0.heap.top?.at }.map { max(0, $0.timeIntervalSince(now)) } ?? 3600
                await self.changed.wait(timeout: .milliseconds(Int64(min(wait, 3600) * 1000) + 1))
            }
        }
    }

    /// Pops every entry due at `now`, pushing each item's following instant.
    private func takeDue(now: Date) -> [(Item, Date)] {
        state.withLock { state in
            var due: [(Item, Date)] = []
            while let top = state.heap.top, top.at <= now {
                state.heap.pop()
                guard let entry = state.items[top.job], entry.generation == top.generation else { continue }
                due.append((entry.item, top.at))
                if let next = Self.following(entry.item, after: top.at, now: now) {
                    state.heap.push(.init(at: next, job: top.job, generation: top.generation))
                }
            }
            return due
        }
    }
}
