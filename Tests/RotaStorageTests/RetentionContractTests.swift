import Foundation
import RotaCore
import RotaStorage
import RotaTesting
import Testing

/// Retention (`runPrune`): old history goes, on both backends, and nothing else does.
@Suite("Retention")
struct RetentionContractTests {
    /// A pruned run takes its task instances, every attempt (retries included) and their output
    /// with it; the kept run keeps all of its own.
    @Test(arguments: StoreBackend.allCases)
    func pruneDeletesTaskInstancesAttemptsAndOutputWithTheirRuns(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await addJob(store, "r")
            let tasks: [RunCreateParams.Task] = [.init(taskId: "a", spec: spec(retries: 1)), .init(taskId: "b", spec: spec())]
            guard case .created(let old) = try await store.runCreate(RunCreateParams(
                workflow: "r", runKey: "old", logicalDate: t0, trigger: .schedule, forbidOverlap: false, tasks: tasks, now: t0))
            else { throw TestFailure("run not created") }
            let first = try await claim(store)
            #expect(first.count == 2)
            var attemptIds = first.map(\.attemptId)
            for claimed in first { try await finish(store, claimed, ok: claimed.task.taskId == "b", output: "log of \(claimed.task.taskId)") }
            let retry = try await claim(store, at: t0 + 20)
            #expect(retry.map(\.task.taskId) == ["a"])
            attemptIds += retry.map(\.attemptId)
            try await finish(store, retry[0], ok: true, output: "log of the retry", at: t0 + 21)
            #expect(try await store.runGet(id: old.id)?.state == .success)

            _ = try await createRun(store, "r", key: "new", at: t0 + 30)
            let kept = try await claim(store, at: t0 + 30)[0]
            try await finish(store, kept, ok: true, output: "kept log", at: t0 + 31)

            #expect(try await store.runPrune(RunPruneParams(keepPerWorkflow: 1, olderThan: nil)) == 1)
            #expect(try await store.runGet(id: old.id) == nil)
            #expect(try await store.runTaskInstances(runId: old.id).isEmpty)
            for id in attemptIds { #expect(try await store.attemptGet(id: id) == nil) }
            let left = try await store.attemptList(AttemptListParams(workflow: "r"))
            #expect(left.total == 1)
            #expect(left.attempts.map(\.output) == ["kept log"])
            #expect(try await store.runTaskInstances(runId: kept.task.runId).count == 1)
        }
    }

    /// Workflow versions older than the cutoff go unless they are current or a kept run uses
    /// them; a deleted workflow's versions go too.
    @Test(arguments: StoreBackend.allCases)
    func pruneDropsOldWorkflowVersionsNothingUses(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            for version in ["v1", "v2", "v3"] {
                try await store.workflowVersionSave(workflow: "w", version: version, definition: "{\"\(version)\":1}", now: t0)
            }
            try await store.workflowVersionSave(workflow: "w", version: "v4", definition: "{}", now: t0 + 100)
            try await store.workflowVersionSave(workflow: "deleted", version: "v1", definition: "{}", now: t0)
            _ = try await store.workflowUpsert(WorkflowUpsertParams(
                name: "w", kind: .job, definition: "{}", version: "v3", disabled: false, parent: "", now: t0))
            var params = RunCreateParams(workflow: "w", runKey: "uses-v2", logicalDate: t0, trigger: .manual,
                                         forbidOverlap: false, tasks: [.init(taskId: "w", spec: spec())], now: t0)
            params.version = "v2"
            guard case .created = try await store.runCreate(params) else { throw TestFailure("run not created") }

            #expect(try await store.runPrune(RunPruneParams(keepPerWorkflow: nil, olderThan: t0 + 50)) == 0)
            #expect(try await store.workflowVersionGet(workflow: "w", version: "v1") == nil)
            #expect(try await store.workflowVersionGet(workflow: "w", version: "v2") == "{\"v2\":1}")
            #expect(try await store.workflowVersionGet(workflow: "w", version: "v3") == "{\"v3\":1}")
            #expect(try await store.workflowVersionGet(workflow: "w", version: "v4") == "{}")
            #expect(try await store.workflowVersionGet(workflow: "deleted", version: "v1") == nil)
        }
    }

    /// Workers and servers not heard from since the cutoff are forgotten, whatever their last
    /// status; recent ones stay, and a count-only prune leaves members alone.
    @Test(arguments: StoreBackend.allCases)
    func pruneForgetsMembersNotSeenSinceTheCutoff(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let members: [(String, MemberRecord.Kind, String, Date)] = [
                ("gone-worker", .worker, "failed", t0), ("drained-worker", .worker, "left", t0),
                ("killed-server", .server, "alive", t0), ("worker", .worker, "alive", t0 + 100),
            ]
            for (name, kind, status, seen) in members {
                try await store.memberUpsert(MemberRecord(name: name, kind: kind, address: "h", tags: [:], capacity: 1,
                                                          running: 0, status: status, startedAt: t0, lastSeen: seen))
            }
            _ = try await store.runPrune(RunPruneParams(keepPerWorkflow: 10, olderThan: nil))
            #expect(try await store.memberList().count == 4)
            _ = try await store.runPrune(RunPruneParams(keepPerWorkflow: nil, olderThan: t0 + 50))
            #expect(try await store.memberList().map(\.name) == ["worker"])
        }
    }

    /// The audit log keeps entries younger than the age limit only.
    @Test(arguments: StoreBackend.allCases)
    func pruneDropsAuditEntriesOlderThanTheCutoff(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            for at in [t0, t0 + 100] {
                try await store.auditAppend(AuditRecord(at: at, actor: "a", role: "admin", action: "POST /v1/jobs", target: "",
                                                        status: 201, source: "127.0.0.1"))
            }
            _ = try await store.runPrune(RunPruneParams(keepPerWorkflow: nil, olderThan: t0 + 50))
            let (entries, total) = try await store.auditList(offset: 0, limit: 10)
            #expect(total == 1)
            #expect(entries.map(\.at) == [t0 + 100])
        }
    }
}
