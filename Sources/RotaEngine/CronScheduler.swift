import Foundation
import Logging
import RotaCore
import RotaStorage
import RotaWorker
import ServiceLifecycle
import Synchronization

/// The cron timer: a heap of next-fire instants, sleeping until the earliest one.
///
/// Loaded from the Store at start; told about every change (`jobChanged`, `jobRemoved`) by the job
/// catalog. Instants missed while Rota was down are not fired (Dkron's behaviour), except a one-shot
/// `@after` still inside its grace window. Each instant fires through `Engine.fire`, whose unique run
/// key makes a second fire of the same instant a no-op, across restarts too.
public final class CronScheduler: Service, Sendable {
    private struct State {
        var heap = FireHeap()
        var jobs: [String: (job: JobDefinition, generation: Int)] = [:]
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

    /// (Re)loads every job from the Store.
    public func reload() async throws {
        let records = try await engine.store.workflowList(kind: .job)
        let now = engine.clock.now()
        state.withLock { $0 = State() }
        for record in records {
            if let job = Engine.job(record) { schedule(job, after: now, initial: true) }
        }
        changed.signal()
    }

    /// A job was created or changed: reschedule it from now.
    public func jobChanged(_ job: JobDefinition) {
        schedule(job, after: engine.clock.now(), initial: true)
        changed.signal()
    }

    public func jobRemoved(_ name: String) {
        state.withLock { _ = $0.jobs.removeValue(forKey: name) }
        changed.signal()
    }

    public var scheduledCount: Int { state.withLock { $0.jobs.count } }

    private func schedule(_ job: JobDefinition, after date: Date, initial: Bool) {
        state.withLock { state in
            state.nextGeneration += 1
            let generation = state.nextGeneration
            state.jobs[job.name] = (job, generation)
            guard !job.disabled, job.parentJob.isEmpty, let schedule = job.parsedSchedule else { return }
            var next = job.nextFire(after: date)
            if initial, let due = schedule.dueNow(at: date) { next = due }
            if let next { state.heap.push(.init(at: next, job: job.name, generation: generation)) }
        }
    }

    public func run() async throws {
        try? await reload()
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let now = self.engine.clock.now()
                let due = self.takeDue(now: now)
                for (job, instant) in due {
                    do {
                        try await self.engine.fire(job, at: instant)
                    } catch {
                        self.logger.error("firing failed", metadata: ["rota.workflow": "\(job.name)", "rota.error": "\(error)"])
                    }
                }
                if !due.isEmpty { continue }
                let wait = self.state.withLock { $0.heap.top?.at }.map { max(0, $0.timeIntervalSince(now)) } ?? 3600
                await self.changed.wait(timeout: .milliseconds(Int64(wait * 1000) + 1))
            }
        }
    }

    /// Pops every entry due at `now`, pushing each job's following instant.
    private func takeDue(now: Date) -> [(JobDefinition, Date)] {
        state.withLock { state in
            var due: [(JobDefinition, Date)] = []
            while let top = state.heap.top, top.at <= now {
                state.heap.pop()
                guard let entry = state.jobs[top.job], entry.generation == top.generation else { continue }
                due.append((entry.job, top.at))
                if let next = entry.job.nextFire(after: top.at) {
                    state.heap.push(.init(at: next, job: top.job, generation: top.generation))
                }
            }
            return due
        }
    }
}
