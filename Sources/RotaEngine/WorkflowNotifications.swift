import Foundation
import RotaCore
import RotaNotify
import RotaStorage

/// Turns finished attempts and runs into notifications per the workflow's (and task's) rules:
/// workflow rules hear about the run (failure, success) and about retries of any of its tasks;
/// task rules hear about their own task. Sending only enqueues: delivery, retries and logging
/// happen in the `Notifier`, never on the engine's path.
struct WorkflowNotifications {
    let notifier: Notifier
    let store: any Store

    func handle(_ outcome: TaskFinishOutcome, definition: WorkflowDefinition, task: WorkflowTask?, run: RunRecord) {
        var fired: [(NotificationEvent.Kind, [NotificationRule], String?)] = []
        switch outcome.taskState {
        case .upForRetry:
            fired.append((.retry, definition.notifications + (task?.notifications ?? []), outcome.taskId))
        case .failed:
            fired.append((.failure, task?.notifications ?? [], outcome.taskId))
        case .success:
            fired.append((.success, task?.notifications ?? [], outcome.taskId))
        default:
            break
        }
        if let runState = outcome.runFinished {
            fired.append((runState == .success ? .success : .failure, definition.notifications, nil))
        }
        for (kind, rules, taskId) in fired {
            let matching = rules.filter { $0.fires(on: kind.rawValue) }
            guard !matching.isEmpty else { continue }
            let state = taskId == nil ? (outcome.runFinished?.rawValue ?? "") : outcome.taskState.rawValue
            let subject = taskId.map { "task \($0) of \(definition.id)" } ?? "run of \(definition.id)"
            let event = NotificationEvent(
                kind: kind, workflow: definition.id, runId: run.runKey, taskId: taskId,
                attempt: taskId == nil ? nil : outcome.tryNumber, state: state, logicalDate: run.logicalDate,
                message: "\(subject) \(run.runKey): \(state)")
            notifier.send(event,
                          webhooks: matching.compactMap(\.webhook).map {
                              RotaNotify.WebhookTarget(url: $0.url, headers: $0.headers, payloadTemplate: $0.payload)
                          },
                          emails: matching.compactMap(\.email).map { RotaNotify.EmailTarget(to: $0.to, subject: $0.subject) })
        }
    }

    /// Dkron's notifications for jobs: the configured webhooks hear about every execution; the
    /// job's `owner_email` gets an e-mail when an execution fails (Dkron mails every execution,
    /// which for an `@every 10s` job is a flood).
    func handleJob(_ outcome: TaskFinishOutcome, job: JobDefinition, run: RunRecord, webhooks: [RotaNotify.WebhookTarget]) {
        let kind: NotificationEvent.Kind
        switch outcome.taskState {
        case .success: kind = .success
        case .upForRetry: kind = .retry
        case .failed: kind = .failure
        default: return
        }
        let emails = kind == .success || job.ownerEmail.isEmpty ? [] : [RotaNotify.EmailTarget(to: [job.ownerEmail])]
        guard !webhooks.isEmpty || !emails.isEmpty else { return }
        let event = NotificationEvent(kind: kind, workflow: job.name, runId: run.runKey, taskId: job.name,
                                      attempt: outcome.tryNumber, state: outcome.taskState.rawValue, logicalDate: run.logicalDate,
                                      message: "job \(job.name) execution \(outcome.tryNumber): \(outcome.taskState.rawValue)")
        notifier.send(event, webhooks: webhooks, emails: emails)
    }
}
