import Foundation
import Logging
import RotaCore
import RotaNotify
import RotaStorage
import RotaWorker

/// The decisions that follow events: an instant fired, a task finished, the process started.
///
/// The Store applies every state change with guarded writes; the engine decides what to do next
/// (create a run, wake workers, start dependent jobs, delete an ephemeral job). Its in-memory
/// state is only the wake signal: everything else is read from the Store, so a restart loses
/// nothing.
public final class Engine: Sendable {
    public let store: any Store
    public let clock: any TimeSource
    public let node: String
    /// Signalled whenever there may be work to claim.
    public let workAvailable = WakeSignal()
    let logger: Logger
    let renderer: TaskRenderer
    let notifications: WorkflowNotifications?
    /// Dkron's `webhook-endpoint`/`webhook-payload`/`webhook-headers`: told about every job execution.
    let jobWebhooks: [RotaNotify.WebhookTarget]
    /// `{{ secrets.NAME }}` values; everything recorded from a task is masked with them.
    public let secrets: SecretValues
    /// Workers' reports (finish, then claim) committed in shared transactions.
    let reports: GroupCommit<TaskFinishAndClaim, TaskFinishAndClaimResult>

    public init(store: any Store, clock: any TimeSource = SystemTime(), node: String, logger: Logger,
                notifier: Notifier? = nil, jobWebhooks: [RotaNotify.WebhookTarget] = [], secrets: SecretValues = SecretValues()) {
        self.secrets = secrets
        self.store = store
        self.clock = clock
        self.node = node
        self.logger = logger
        self.renderer = TaskRenderer(store: store, secrets: secrets)
        self.notifications = notifier.map { WorkflowNotifications(notifier: $0, store: store) }
        self.jobWebhooks = jobWebhooks
        self.reports = GroupCommit(lanes: store.writeLanes) { items in try await store.taskFinishAndClaim(items) }
    }

    /// Creates a run of a job for `instant` and wakes the workers. Returns what the Store said.
    /// A tag count spreads the run over several nodes (see `jobTasks`).
    @discardableResult
    public func startRun(of job: JobDefinition, trigger: RunRecord.Trigger, logicalDate: Date,
                         runKey: String) async throws -> RunCreateOutcome {
        let tasks = try await jobTasks(job)
        let now = clock.now()
        let outcome = try await store.runCreate(RunCreateParams(
            workflow: job.name, runKey: runKey, logicalDate: logicalDate, trigger: trigger,
            forbidOverlap: job.concurrency == .forbid, tasks: tasks, now: now))
        switch outcome {
        case .created(let run):
            logger.info("run created", metadata: ["rota.workflow": "\(job.name)", "rota.run": "\(run.id)",
                                                  "rota.trigger": "\(trigger.rawValue)"])
            workAvailable.signal()
        case .overlapping:
            EngineMetrics.firesSkipped.increment()
            logger.info("run skipped: concurrency is forbid and a run is active", metadata: ["rota.workflow": "\(job.name)"])
        case .duplicate, .missingWorkflow:
            break
        }
        return outcome
    }

    /// Fires a scheduled instant: at most one run per (job, instant), whoever asks and however often.
    public func fire(_ job: JobDefinition, at instant: Date) async throws {
        let outcome = try await startRun(of: job, trigger: .schedule, logicalDate: instant,
                                         runKey: "scheduled__" + RFC3339.formatFractional(instant))
        if case .created = outcome {
            EngineMetrics.fires.increment()
            EngineMetrics.fireLateness.record(max(0, clock.now().timeIntervalSince(instant)))
        }
    }

    /// Runs a job now, on demand (Dkron "run", `runoncreate`).
    public func runNow(_ job: JobDefinition) async throws {
        let now = clock.now()
        let key = "manual__" + RFC3339.formatFractional(now) + "__" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        try await startRun(of: job, trigger: .manual, logicalDate: now, runKey: key)
    }

    /// Acts on a finished attempt: retry wake-ups, dependent jobs, ephemeral deletion.
    public func handle(_ outcome: TaskFinishOutcome) async {
        if outcome.retryAt != nil { workAvailable.signal() }
        if outcome.runFinished != nil || outcome.releasedWork { workAvailable.signal() }
        if let notifications, let run = try? await renderer.run(id: outcome.runId) {
            if !run.version.isEmpty, let definition = try? await renderer.definition(outcome.workflow, version: run.version) {
                notifications.handle(outcome, definition: definition, task: renderer.task(outcome.taskId, of: definition, version: run.version),
                                     run: run)
            } else if run.version.isEmpty, let record = try? await store.workflowGet(name: outcome.workflow),
                      let job = Self.job(record) {
                notifications.handleJob(outcome, job: job, run: run, webhooks: jobWebhooks)
            }
        }
        guard outcome.runFinished == .success else { return }
        do {
            if let record = try await store.workflowGet(name: outcome.workflow), let job = Self.job(record) {
                if job.ephemeral {
                    _ = try await store.workflowDelete(name: job.name)
                    logger.info("ephemeral job deleted after its success", metadata: ["rota.workflow": "\(job.name)"])
                }
            }
            for child in try await store.workflowChildren(of: outcome.workflow) {
                guard let record = try await store.workflowGet(name: child), !record.disabled,
                      let job = Self.job(record) else { continue }
                try await startRun(of: job, trigger: .dependent, logicalDate: clock.now(),
                                   runKey: "dependent__\(outcome.workflow)__\(outcome.runId)")
            }
        } catch {
            logger.error("acting on a finished run failed", metadata: ["rota.workflow": "\(outcome.workflow)",
                                                                       "rota.error": "\(error)"])
        }
    }

    /// After a crash or kill, attempts left "running" by this process are failed as interrupted
    /// and retried per their policy. `node == nil` recovers every node (standalone owns them all).
    public func recoverInterrupted(node: String?) async throws -> Int {
        let outcomes = try await store.taskRecoverRunning(
            node: node, reason: "interrupted: rota stopped while the task was running", now: clock.now())
        for outcome in outcomes { await handle(outcome) }
        if !outcomes.isEmpty {
            logger.warning("recovered interrupted executions", metadata: ["rota.count": "\(outcomes.count)"])
        }
        return outcomes.count
    }

    /// Decodes a stored job definition.
    public static func job(_ record: WorkflowRecord) -> JobDefinition? {
        guard record.kind == .job else { return nil }
        var job = try? JSONDecoder().decode(JobDefinition.self, from: Data(record.definition.utf8))
        job?.disabled = record.disabled
        return job
    }
}
