import Foundation
import Logging
import RotaCore
import RotaEngine
import RotaStorage
import RotaTesting
import Testing

/// A restore stores many jobs in few transactions, yet reports and refuses each job on its own,
/// as one-by-one upserts did.
@Suite("Job restore")
struct JobRestoreTests {
    static func catalog(_ store: any Store) -> JobCatalog {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let engine = Engine(store: store, node: "n", logger: logger)
        return JobCatalog(engine: engine, scheduler: CronScheduler(engine: engine, logger: logger))
    }

    static func job(_ name: String, schedule: String = "@every 1h", parent: String = "") -> JobDefinition {
        var job = JobDefinition(name: name, schedule: schedule, executorConfig: ["command": "true"])
        job.parentJob = parent
        return job
    }

    @Test(arguments: StoreBackend.allCases)
    func eachJobSucceedsOrFailsOnItsOwnAcrossChunks(_ backend: StoreBackend) async throws {
        let test = try await backend.makeStore()
        defer { Task { await test.dispose() } }
        let catalog = Self.catalog(test.store)
        _ = try await catalog.upsert(Self.job("old", schedule: "@every 2h"))
        let jobs = [
            Self.job("old"), Self.job("a"), Self.job("broken", schedule: "@every banana"),
            Self.job("b"), Self.job("child", parent: "a"), Self.job("orphan", parent: "missing"), Self.job("c"),
        ]
        let outcomes = await catalog.restore(jobs, chunk: 2)
        let failed = zip(jobs, outcomes).compactMap { job, outcome -> String? in
            if case .failure = outcome { return job.name }
            return nil
        }
        #expect(failed == ["broken", "orphan"])
        let stored = try await test.store.workflowList(kind: .job).map(\.name)
        #expect(stored == ["a", "b", "c", "child", "old"])
        #expect(try await test.store.workflowGet(name: "child")?.parent == "a")
        let old = try await test.store.workflowGet(name: "old").flatMap(Engine.job)
        #expect(old?.schedule == "@every 1h")
    }

    /// A job never replaces a workflow of the same name, alone or in a restore: the workflow
    /// keeps its definition and the other jobs are stored.
    @Test(arguments: StoreBackend.allCases)
    func aJobNamedLikeAWorkflowIsRefusedAndTheWorkflowKept(_ backend: StoreBackend) async throws {
        let test = try await backend.makeStore()
        defer { Task { await test.dispose() } }
        _ = try await test.store.workflowUpsert(WorkflowUpsertParams(
            name: "etl", kind: .dag, definition: "{}", version: "d1", disabled: false, parent: "", now: Date()))
        let catalog = Self.catalog(test.store)
        do {
            _ = try await catalog.upsert(Self.job("etl"))
            Issue.record("a job replaced a workflow")
        } catch let error as RotaError {
            #expect(error.code == .conflict)
        }
        let outcomes = await catalog.restore([Self.job("a"), Self.job("etl"), Self.job("b")])
        #expect(outcomes.map { if case .success = $0 { true } else { false } } == [true, false, true])
        #expect(try await test.store.workflowGet(name: "etl")?.kind == .dag)
        #expect(try await test.store.workflowList(kind: .job).map(\.name) == ["a", "b"])
    }

    @Test(arguments: StoreBackend.allCases)
    func pausedSubmissionsRefuseEveryJobAndStoreNothing(_ backend: StoreBackend) async throws {
        let test = try await backend.makeStore()
        defer { Task { await test.dispose() } }
        let catalog = Self.catalog(test.store)
        try await catalog.setPaused(true)
        let outcomes = await catalog.restore([Self.job("a"), Self.job("b")])
        #expect(outcomes.allSatisfy { if case .failure = $0 { true } else { false } })
        #expect(try await test.store.workflowList(kind: .job).isEmpty)
    }
}
