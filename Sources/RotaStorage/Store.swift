import Foundation
import RotaCore

/// Rota's source of truth: definitions, runs, the task queue and execution history.
///
/// An internal seam for exactly two backends, SQLite (`rota standalone`) and PostgreSQL (`rota
/// server`), not a plugin API: do not add conformances outside this package. Both are served by one
/// implementation, `SQLStore`, over a small driver protocol, so the two cannot drift apart; the
/// contract suite in `RotaStorageTests` runs every behaviour against both.
///
/// Every state change is a guarded write (`… WHERE state = 'running' AND try_number = ?`), so a late
/// or duplicate report never moves a row twice. Methods are named noun + verb and kept in
/// alphabetical order. Every method can throw `StoreError` when the database cannot be reached.
public protocol Store: Sendable {
    /// "sqlite" or "postgres".
    var backend: String { get }
    /// How many write transactions are worth having in flight at once: SQLite has one writer, so
    /// one; PostgreSQL overlaps one transaction's round trips with another's work (bench W4).
    var writeLanes: Int { get }

    // MARK: Attempts (Dkron executions)

    /// Deletes a workflow's attempts and resets its counters (Dkron `DELETE …/executions`).
    func attemptDeleteAll(workflow: String) async throws
    func attemptGet(id: Int64) async throws -> AttemptRecord?
    /// A page of a workflow's attempts and the total count.
    func attemptList(_ params: AttemptListParams) async throws -> (attempts: [AttemptRecord], total: Int)
    /// Replaces the stored output tail of a running attempt (called as output arrives).
    func attemptOutputUpdate(id: Int64, output: String, truncated: Bool) async throws
    /// Deletes finished runs (with their task instances and attempts) beyond the retention policy;
    /// returns how many runs went.
    func runPrune(_ params: RunPruneParams) async throws -> Int
    /// The latest failed attempts of every workflow and job, newest first (the UI's overview).
    func attemptRecentFailures(limit: Int) async throws -> [AttemptRecord]
    /// Attempts currently running, oldest first (Dkron `/v1/busy`).
    func attemptsRunning() async throws -> [AttemptRecord]
    /// Successes and failures per UTC day since `since` (Dkron `/v1/stats`).
    func attemptStats(since: Date) async throws -> [DailyStats]

    // MARK: Import errors

    func importErrorClear(file: String) async throws
    func importErrorList() async throws -> [ImportErrorRecord]
    func importErrorSet(file: String, message: String, now: Date) async throws

    // MARK: Pools

    func poolDelete(name: String) async throws -> Bool
    func poolGet(name: String) async throws -> PoolRecord?
    func poolList() async throws -> [PoolRecord]
    func poolUpsert(name: String, slots: Int, description: String) async throws -> PoolRecord

    // MARK: Runs

    /// Creates a run and its task instances, unless one with the same key exists or the workflow
    /// forbids overlap while another run is active.
    func runCreate(_ params: RunCreateParams) async throws -> RunCreateOutcome
    /// How many runs are in each state (the UI's overview), by `RunState` raw value.
    func runCountByState() async throws -> [String: Int]
    func runGet(id: Int64) async throws -> RunRecord?
    func runGetByKey(workflow: String, runKey: String) async throws -> RunRecord?
    /// A page of runs (of one workflow, or all) and the total count.
    func runList(_ params: RunListParams) async throws -> (runs: [RunRecord], total: Int)
    /// Marks a run success or failed, moving its unfinished task instances to the same state.
    func runSetState(id: Int64, state: RunState, now: Date) async throws -> RunRecord?
    /// The logical date of a workflow's latest scheduled run (to resume its intervals).
    func runLatestScheduled(workflow: String) async throws -> RunRecord?
    func runTaskInstances(runId: Int64) async throws -> [TaskInstanceRecord]
    /// The task instances of several runs in one query, by run id (the UI's grid).
    func runTaskInstances(runIds: [Int64]) async throws -> [Int64: [TaskInstanceRecord]]
    /// The results (`$ROTA_RESULT`) written so far by a run's tasks, by task id.
    func runResults(runId: Int64) async throws -> [String: String]

    // MARK: Schema

    /// Applies pending migrations in order; returns the versions applied now.
    func schemaMigrate() async throws -> [Int]
    /// Drops every Rota table (then `schemaMigrate` starts afresh).
    func schemaReset() async throws
    /// Applied versions and the versions this binary knows.
    func schemaStatus() async throws -> SchemaStatus

    // MARK: Settings

    func settingGet(_ key: String) async throws -> String?
    func settingSet(_ key: String, _ value: String) async throws

    // MARK: Task instances (the queue)

    /// Reruns task instances (optionally with everything downstream): they go back to `scheduled`,
    /// get their tries back, and the run is running again. Running ones are left alone.
    func taskClear(_ params: TaskClearParams) async throws -> [TaskInstanceRecord]
    /// Claims up to `limit` claimable task instances whose `ready_at` has passed, highest priority
    /// first, marks them running with a new attempt row each, and returns them.
    func taskClaim(_ params: TaskClaimParams) async throws -> [ClaimedTask]
    /// Moves every waiting instance of a spread job run (`<job>@<node>`, pinned by `rota.node`)
    /// whose node is not in `nodes` (gone: stopped heartbeating or left) to a random node of
    /// `nodes` that satisfies the rest of its route and is not pinned by another instance of its
    /// run, renaming it `<job>@<new node>`. One with no such node stays as it is, claimable if
    /// its node comes back. Returns how many moved.
    func taskRepin(nodes: [RouteCandidate]) async throws -> Int
    /// How many task instances are waiting to be claimed (queue depth, for metrics).
    func taskCountClaimable() async throws -> Int
    /// Records how an attempt ended. Nil when the guard failed (the task instance is no longer
    /// running that try): a late or duplicate report changes nothing.
    func taskFinish(_ params: TaskFinishParams) async throws -> TaskFinishOutcome?
    /// Several slots' `taskFinish` and then their `taskClaim`s, in one transaction: a worker slot
    /// that just freed up takes its next task with the same commit, and reports that arrive while
    /// another commits share the next one (bench W4: the commit was the largest single cost per
    /// task). Every finish runs before any claim, in run order (so two batches lock runs in the
    /// same order); claims with the same node, tags and queues are made together and handed out in
    /// item order. Results are in item order.
    func taskFinishAndClaim(_ items: [TaskFinishAndClaim]) async throws -> [TaskFinishAndClaimResult]
    func taskGet(id: Int64) async throws -> TaskInstanceRecord?
    func taskAttempts(taskInstanceId: Int64) async throws -> [AttemptRecord]
    /// Marks one task instance success or failed by hand (Airflow's "mark success/failed").
    func taskSetState(id: Int64, state: TaskState, now: Date) async throws -> TaskInstanceRecord?
    /// The earliest `ready_at` among claimable task instances (to sleep until a retry is due).
    func taskNextReadyAt() async throws -> Date?
    /// Fails every running attempt (of `node`, or all when nil) with `reason`, moving its task
    /// instance to `up_for_retry` or `failed` per its retry policy. Used at start-up after a crash.
    func taskRecoverRunning(node: String?, reason: String, now: Date) async throws -> [TaskFinishOutcome]

    // MARK: Workflows (jobs)

    /// Marks a workflow active (its file exists) or inactive (file removed; history kept).
    func workflowSetActive(name: String, active: Bool) async throws
    /// Stores a definition version (content-addressed; storing twice is a no-op).
    func workflowVersionSave(workflow: String, version: String, definition: String, now: Date) async throws
    func workflowVersionGet(workflow: String, version: String) async throws -> String?
    /// Names of the workflows whose `parent` is `name` (Dkron `dependent_jobs`).
    func workflowChildren(of name: String) async throws -> [String]
    /// Deletes a workflow and all of its runs, task instances and attempts.
    func workflowDelete(name: String) async throws -> WorkflowRecord?
    func workflowGet(name: String) async throws -> WorkflowRecord?
    func workflowList(kind: WorkflowRecord.Kind?) async throws -> [WorkflowRecord]
    func workflowSetDisabled(name: String, disabled: Bool) async throws -> WorkflowRecord?
    /// Inserts or replaces a definition, keeping counters; `created` tells which happened.
    func workflowUpsert(_ params: WorkflowUpsertParams) async throws -> (record: WorkflowRecord, created: Bool)
    /// `workflowUpsert` of each, in order, in one transaction: all stored or none (a restore of
    /// 100,000 jobs as 100,000 transactions took 4 minutes on PostgreSQL).
    func workflowUpsertBatch(_ params: [WorkflowUpsertParams]) async throws -> [(record: WorkflowRecord, created: Bool)]

    /// Signals when another process announced claimable work (nil: nobody else can).
    func workAnnouncements() -> AsyncStream<Void>?

    /// Releases connections. Safe to call twice.
    func close() async
}
