import Foundation
import Logging
import RotaCore
import RotaNotify
import RotaStorage
import ServiceLifecycle
import Synchronization

/// Reports runs that are still unfinished `sla_seconds` after their logical date (Airflow's SLA
/// miss, now "deadline alerts"), once per run per rule, through the notifier.
///
/// Checked every `interval` over running runs only, so its cost follows the work in flight, not
/// the history. Which runs were reported is remembered in memory: after a restart a run still
/// late is reported again, which errs on the side of telling someone.
public final class SLAMonitor: Service, Sendable {
    private let engine: Engine
    private let notifier: Notifier
    private let interval: Duration
    private let reported = Mutex<Set<String>>([])

    public init(engine: Engine, notifier: Notifier, interval: Duration = .seconds(15)) {
        self.engine = engine
        self.notifier = notifier
        self.interval = interval
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: self.interval)
                if Task.isCancelled { return }
                await self.check()
            }
        }
    }

    /// One pass: every running run of a workflow with an `sla_miss` rule, against its deadline.
    public func check() async {
        guard let runs = try? await engine.store.runList(RunListParams(workflow: nil, states: [.running, .queued], limit: 10_000))
        else { return }
        let now = engine.clock.now()
        for run in runs.runs where !run.version.isEmpty {
            guard let definition = try? await engine.renderer.definition(run.workflow, version: run.version) else { continue }
            for (index, rule) in definition.notifications.enumerated() where rule.fires(on: "sla_miss") {
                guard let seconds = rule.slaSeconds, now.timeIntervalSince(run.logicalDate) > Double(seconds) else { continue }
                let key = "\(run.id)/\(index)"
                guard reported.withLock({ $0.insert(key).inserted }) else { continue }
                let event = NotificationEvent(kind: .slaMiss, workflow: definition.id, runId: run.runKey, state: run.state.rawValue,
                                              logicalDate: run.logicalDate,
                                              message: "run \(run.runKey) of \(definition.id) is still \(run.state.rawValue) \(seconds)s after its logical date")
                notifier.send(event,
                              webhooks: rule.webhook.map { [RotaNotify.WebhookTarget(url: $0.url, headers: $0.headers, payloadTemplate: $0.payload)] } ?? [],
                              emails: rule.email.map { [RotaNotify.EmailTarget(to: $0.to, subject: $0.subject)] } ?? [])
            }
        }
    }
}
