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
    ///   parent, `.invalidInput` for a parent cycle.
    public func upsert(_ job: JobDefinition, runOnCreate: Bool = false) async throws -> (view: JobView, created: Bool) {
        if try await isPaused() { throw RotaError(.paused, "New job submissions are currently paused") }
        try job.validate()
        try Self.checkCommandSplits(job)
        if !job.parentJob.isEmpty { try await checkParent(of: job) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let definition = String(decoding: try encoder.encode(job), as: UTF8.self)
        let (record, created) = try await store.workflowUpsert(WorkflowUpsertParams(
            name: job.name, kind: .job, definition: definition, version: ContentHash.hex(of: definition),
            disabled: job.disabled, parent: job.parentJob, now: engine.clock.now()))
        scheduler.jobChanged(job)
        if runOnCreate { try await engine.runNow(job) }
        return (try await view(record), created)
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
