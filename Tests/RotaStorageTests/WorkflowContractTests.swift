import Foundation
import RotaCore
import RotaStorage
import RotaTesting
import Testing

@Suite("Workflows and jobs")
struct WorkflowContractTests {
    /// Upsert creates, then replaces the definition while keeping the counters.
    @Test(arguments: StoreBackend.allCases)
    func upsertReplacesDefinitionAndKeepsCounters(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let first = try await store.workflowUpsert(WorkflowUpsertParams(
                name: "a", kind: .job, definition: "{}", version: "v1", disabled: false, parent: "", now: t0))
            #expect(first.created)
            guard case .created = try await createRun(store, "a", key: "k1") else { Issue.record("no run"); return }
            try await finish(store, try await claim(store)[0], ok: true)
            let second = try await store.workflowUpsert(WorkflowUpsertParams(
                name: "a", kind: .job, definition: "{\"x\":1}", version: "v2", disabled: true, parent: "", now: t0 + 5))
            #expect(!second.created)
            #expect(second.record.definition == "{\"x\":1}")
            #expect(second.record.version == "v2")
            #expect(second.record.disabled)
            #expect(second.record.successCount == 1)
            #expect(second.record.createdAt == t0)
        }
    }

    /// A batch upsert stores every item in order in one transaction, creating new ones and
    /// replacing existing ones exactly as one-by-one upserts would.
    @Test(arguments: StoreBackend.allCases)
    func batchUpsertCreatesAndReplacesInOrder(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await addJob(store, "b")
            let params = ["c", "b", "a"].map {
                WorkflowUpsertParams(name: $0, kind: .job, definition: "{\"n\":\"\($0)\"}", version: "v-\($0)",
                                     disabled: false, parent: $0 == "a" ? "c" : "", now: t0 + 9)
            }
            let stored = try await store.workflowUpsertBatch(params)
            #expect(stored.map(\.record.name) == ["c", "b", "a"])
            #expect(stored.map(\.created) == [true, false, true])
            #expect(try await store.workflowGet(name: "b")?.definition == "{\"n\":\"b\"}")
            #expect(try await store.workflowGet(name: "a")?.parent == "c")
            #expect(try await store.workflowList(kind: .job).map(\.name) == ["a", "b", "c"])
            #expect(try await store.workflowUpsertBatch([]).isEmpty)
        }
    }

    /// Jobs and workflows share one namespace: an upsert never turns one kind into the other,
    /// and a batch holding such an item stores none of its items.
    @Test(arguments: StoreBackend.allCases)
    func upsertNeverChangesAWorkflowsKind(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            _ = try await store.workflowUpsert(WorkflowUpsertParams(
                name: "etl", kind: .dag, definition: "{\"dag\":1}", version: "d1", disabled: false, parent: "", now: t0))
            let asJob = WorkflowUpsertParams(name: "etl", kind: .job, definition: "{}", version: "j1", disabled: false, parent: "", now: t0)
            await #expect(throws: RotaError.self) { _ = try await store.workflowUpsert(asJob) }
            let fresh = WorkflowUpsertParams(name: "fresh", kind: .job, definition: "{}", version: "j2", disabled: false, parent: "", now: t0)
            await #expect(throws: RotaError.self) { _ = try await store.workflowUpsertBatch([fresh, asJob]) }
            #expect(try await store.workflowGet(name: "etl")?.kind == .dag)
            #expect(try await store.workflowGet(name: "etl")?.definition == "{\"dag\":1}")
            #expect(try await store.workflowGet(name: "fresh") == nil)
        }
    }

    /// List is ordered by name; get, disable and delete address one workflow.
    @Test(arguments: StoreBackend.allCases)
    func listGetDisableDelete(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await addJob(store, "b")
            try await addJob(store, "a")
            #expect(try await store.workflowList(kind: .job).map(\.name) == ["a", "b"])
            #expect(try await store.workflowList(kind: .dag).isEmpty)
            #expect(try await store.workflowSetDisabled(name: "a", disabled: true)?.disabled == true)
            #expect(try await store.workflowGet(name: "a")?.disabled == true)
            #expect(try await store.workflowSetDisabled(name: "zz", disabled: true) == nil)
            #expect(try await store.workflowDelete(name: "a")?.name == "a")
            #expect(try await store.workflowDelete(name: "a") == nil)
            #expect(try await store.workflowGet(name: "a") == nil)
        }
    }

    /// Children are found through the parent column (Dkron's dependent_jobs).
    @Test(arguments: StoreBackend.allCases)
    func childrenAreListedByParent(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await addJob(store, "parent")
            try await addJob(store, "child-b", parent: "parent")
            try await addJob(store, "child-a", parent: "parent")
            #expect(try await store.workflowChildren(of: "parent") == ["child-a", "child-b"])
            #expect(try await store.workflowChildren(of: "child-a").isEmpty)
        }
    }

    /// Deleting a workflow deletes its runs, task instances and attempts.
    @Test(arguments: StoreBackend.allCases)
    func deleteCascadesToHistory(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await addJob(store, "gone")
            _ = try await createRun(store, "gone", key: "k")
            let claimed = try await claim(store)
            try await finish(store, claimed[0], ok: true)
            _ = try await store.workflowDelete(name: "gone")
            #expect(try await store.attemptGet(id: claimed[0].attemptId) == nil)
            #expect(try await store.runGet(id: claimed[0].task.runId) == nil)
            try await addJob(store, "gone")
            #expect(try await store.attemptList(AttemptListParams(workflow: "gone")).total == 0)
        }
    }
}
