import Foundation
import RotaCore
import RotaStorage
import RotaWorker

/// Create, change, run and delete jobs: every path that changes a job goes through here, so the
/// Store, the cron timer and the engine always agree (the API and the job-file loader both use it).
public struct JobCatalog: Sendable {
    public let engine: Engine
    public let scheduler: CronScheduler
    static let pausedKey = "submissions_paused"

    public init(engine: Engine, scheduler: CronScheduler) {
        self.engine = engine
        self.scheduler = scheduler
    }

    var store: any Store { engine.store }

    /// Validates and stores a job (insert or full replace), then reschedules it.
    ///
    /// - Throws: `RotaError` `.paused` while submissions are paused, `.notFound` for a missing
    ///   parent, `.invalidInput` for a parent cycle, `.conflict` (from the Store) when the name is
    ///   a workflow's id.
    public func upsert(_ job: JobDefinition, runOnCreate: Bool = false) async throws -> (view: JobView, created: Bool) {
        if try await isPaused() { throw Self.pausedError }
        if !job.parentJob.isEmpty { try await checkParent(of: job) }
        let (record, created) = try await store.workflowUpsert(try storable(job))
        scheduler.jobChanged(job)
        if runOnCreate { try await engine.runNow(job) }
        return (try await view(record), created)
    }

    static let pausedError = RotaError(.paused, "New job submissions are currently paused")

    /// A validated job as the Store keeps it.
    private func storable(_ job: JobDefinition) throws -> WorkflowUpsertParams {
        try job.validate()
        try Self.checkCommandSplits(job)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let definition = String(decoding: try encoder.encode(job), as: UTF8.self)
        return WorkflowUpsertParams(
            name: job.name, kind: .job, definition: definition, version: ContentHash.hex(of: definition),
            disabled: job.disabled, parent: job.parentJob, now: engine.clock.now())
    }

    /// Stores many jobs as `upsert` would one by one (Dkron's `POST /v1/restore`), and returns
    /// each one's outcome in the order given (parents before their children).
    ///
    /// Jobs without a parent go in transactions of up to `chunk`: 100,000 jobs as 100,000
    /// transactions took 4 minutes on PostgreSQL and left its connection pool's timers holding
    /// 70 MB for two minutes (bench W5-100k). A chunk the database refuses, and every job with a
    /// parent (checked against what is stored, so after the chunks), goes through `upsert` alone,
    /// so each failure is reported against its own job (a name that is a workflow's id makes the
    /// Store refuse its chunk, then that job alone).
    public func restore(_ jobs: [JobDefinition], chunk: Int = 1_000) async -> [Result<Void, any Error>] {
        do {
            if try await isPaused() { return jobs.map { _ in .failure(Self.pausedError) } }
        } catch {
            return jobs.map { _ in .failure(error) }
        }
        var results = [Result<Void, any Error>](repeating: .success(()), count: jobs.count)
        var batch: [(index: Int, params: WorkflowUpsertParams)] = []
        var alone: [Int] = []
        for (index, job) in jobs.enumerated() {
            if !job.parentJob.isEmpty {
                alone.append(index)
                continue
            }
            do { batch.append((index, try storable(job))) } catch { results[index] = .failure(error) }
        }
        for start in stride(from: 0, to: batch.count, by: max(1, chunk)) {
            let part = batch[start..<min(start + max(1, chunk), batch.count)]
            do {
                _ = try await store.workflowUpsertBatch(part.map(\.params))
                for item in part { scheduler.jobChanged(jobs[item.index]) }
            } catch {
                alone += part.map(\.index)
            }
        }
        for index in alone.sorted() {
            do { _ = try await upsert(jobs[index]) } catch { results[index] = .failure(error) }
        }
        return results
    }

    /// A shell command run without a shell must split into arguments here, at submission, rather
    /// than fail at 3 a.m. (Dkron silently drops everything after an unquoted `>` or `|`).
    static func checkCommandSplits(_ job: JobDefinition) throws {
        guard job.executor == "shell", job.executorConfig["shell"] != "true", let command = job.executorConfig["command"] else { return }
        do { _ = try ShellWords.split(command) } catch {
            throw RotaError.invalid("executor_config.command: \(error.message)")
        }
    }

    private func checkParent(of job: JobDefinition) async throws {
        var seen: Set<String> = [job.name]
        var current = job.parentJob
        while !current.isEmpty {
            guard let record = try await store.workflowGet(name: current), let parent = Engine.job(record) else {
                if current == job.parentJob { throw RotaError.notFound("specified parent job not found: \(current)") }
                return
            }
            if !seen.insert(current).inserted || parent.parentJob == job.name {
                throw RotaError.invalid("parent_job: \"\(job.parentJob)\" would make a cycle of parent jobs")
            }
            current = parent.parentJob
        }
    }

    public func get(_ name: String) async throws -> JobView {
        guard let record = try await store.workflowGet(name: name), record.kind == .job else {
            throw RotaError.notFound("job \"\(name)\" not found")
        }
        return try await view(record)
    }

    public func list() async throws -> [JobView] {
        let records = try await store.workflowList(kind: .job)
        var children: [String: [String]] = [:]
        for record in records where !record.parent.isEmpty { children[record.parent, default: []].append(record.name) }
        let now = engine.clock.now()
        return records.compactMap { record in
            guard let job = Engine.job(record) else { return nil }
            return JobView(definition: job, record: record, dependentJobs: children[record.name] ?? [],
                           next: Self.next(of: job, now: now))
        }
    }

    /// Deletes a job with its history. Children keep their `parent_job` and simply stop being triggered.
    public func delete(_ name: String) async throws -> JobView {
        let view = try await get(name)
        guard try await store.workflowDelete(name: name) != nil else { throw RotaError.notFound("job \"\(name)\" not found") }
        scheduler.jobRemoved(name)
        return view
    }

    public func toggle(_ name: String) async throws -> JobView {
        let current = try await get(name)
        guard let record = try await store.workflowSetDisabled(name: name, disabled: !current.record.disabled),
              let job = Engine.job(record) else { throw RotaError.notFound("job \"\(name)\" not found") }
        scheduler.jobChanged(job)
        return try await view(record)
    }

    /// Starts a run now, whatever the schedule says (Dkron `POST /v1/jobs/{name}`).
    public func runNow(_ name: String) async throws -> JobView {
        let view = try await get(name)
        try await engine.runNow(view.definition)
        return view
    }

    public func isPaused() async throws -> Bool { try await store.settingGet(Self.pausedKey) == "true" }

    public func setPaused(_ paused: Bool) async throws {
        try await store.settingSet(Self.pausedKey, paused ? "true" : "false")
    }

    private func view(_ record: WorkflowRecord) async throws -> JobView {
        guard let job = Engine.job(record) else { throw RotaError.notFound("job \"\(record.name)\" not found") }
        return JobView(definition: job, record: record, dependentJobs: try await store.workflowChildren(of: record.name),
                       next: Self.next(of: job, now: engine.clock.now()))
    }

    static func next(of job: JobDefinition, now: Date) -> Date? {
        guard !job.disabled, job.parentJob.isEmpty, let schedule = job.parsedSchedule else { return nil }
        if let due = schedule.dueNow(at: now) { return due }
        return job.nextFire(after: now)
    }
}
