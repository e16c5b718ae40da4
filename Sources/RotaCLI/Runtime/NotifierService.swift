import RotaNotify
import ServiceLifecycle

/// Runs notification delivery for the life of the process; at shutdown gives queued
/// notifications a few seconds to go out before stopping.
struct NotifierService: Service {
    let notifier: Notifier

    func run() async throws {
        let loop = Task { await notifier.run() }
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler { await loop.value } onCancel: { loop.cancel() }
        } onGracefulShutdown: {
            Task {
                _ = await notifier.drain(timeout: .seconds(5))
                loop.cancel()
            }
        }
    }
}

extension RotaSettings {
    /// SMTP settings when a relay is configured (e-mail notifications are off otherwise).
    var smtp: SMTPSettings? {
        guard let host = smtpHost else { return nil }
        let from = smtpFrom ?? "rota@\(nodeName)"
        return SMTPSettings(host: host, port: smtpPort, username: smtpUsername, password: smtpPassword, from: from)
    }

    /// The global job webhook, when configured.
    var jobWebhooks: [WebhookTarget] {
        guard let url = webhookURL else { return [] }
        var headers: [String: String] = [:]
        for pair in (webhookHeaders ?? "").split(separator: ";") {
            let parts = pair.split(separator: ":", maxSplits: 1)
            if parts.count == 2 { headers[parts[0].trimmingCharacters(in: .whitespaces)] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        return [WebhookTarget(url: url, headers: headers, payloadTemplate: webhookPayload)]
    }
}
