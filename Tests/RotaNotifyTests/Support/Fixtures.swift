import AsyncHTTPClient
import Foundation
import Logging
import RotaNotify
import Synchronization

/// Shared test inputs and a notifier whose loop runs for the duration of one test.
enum Fixtures {
    /// A failed task with every optional field set.
    static func failure(message: String = "exit status 3", runId: String = "run-1") -> NotificationEvent {
        NotificationEvent(
            kind: .failure, workflow: "nightly-backup", runId: runId, taskId: "dump", attempt: 2,
            state: "failed", logicalDate: Date(timeIntervalSince1970: 1_704_067_200),
            message: message, logURL: "http://rota.local/runs/run-1/log",
            occurredAt: Date(timeIntervalSince1970: 1_704_067_260))
    }

    /// A closed port on 127.0.0.1: connecting is refused at once.
    static func refusedURL() async throws -> String {
        let server = try await TestHTTPServer.start()
        let url = server.url
        await server.stop()
        return url
    }

    /// What a test gets: the notifier, its loop and what it logged.
    struct Harness: Sendable {
        let notifier: Notifier
        let loop: LoopHandle
        let log: LogRecorder
    }

    /// Runs `body` with a notifier using small backoffs (20 ms doubling to 200 ms) whose loop is
    /// started unless `startLoop` is false; the loop and the HTTP client are stopped afterwards.
    static func withNotifier<Result>(
        smtp: SMTPSettings? = nil, maxAttempts: Int = 4, queueLimit: Int = 10_000,
        webhookTimeout: Duration = .seconds(30), startLoop: Bool = true,
        _ body: (Harness) async throws -> Result
    ) async throws -> Result {
        let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
        let log = LogRecorder()
        let notifier = Notifier(
            http: http, smtp: smtp, logger: log.logger, maxAttempts: maxAttempts,
            initialBackoff: .milliseconds(20), queueLimit: queueLimit, maxBackoff: .milliseconds(200),
            webhookTimeout: webhookTimeout)
        let harness = Harness(notifier: notifier, loop: LoopHandle(notifier), log: log)
        if startLoop { harness.loop.start() }
        do {
            let result = try await body(harness)
            await harness.loop.stop()
            try await http.shutdown()
            return result
        } catch {
            await harness.loop.stop()
            try? await http.shutdown()
            throw error
        }
    }

    static func smtp(port: Int, username: String? = nil, password: String? = nil) -> SMTPSettings {
        SMTPSettings(host: "127.0.0.1", port: port, username: username, password: password,
                     from: "Rota <rota@example.com>", timeout: .seconds(20))
    }
}

/// The notifier's `run()` as a task that a test can start late and always stops.
final class LoopHandle: Sendable {
    private let notifier: Notifier
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(_ notifier: Notifier) {
        self.notifier = notifier
    }

    func start() {
        task.withLock { task in
            if task == nil { task = Task { [notifier] in await notifier.run() } }
        }
    }

    func stop() async {
        guard let running = task.withLock({ $0 }) else { return }
        running.cancel()
        await running.value
    }
}

/// Polls `condition` until it holds or `timeout` (generous: CI is a shared 2-core VM) passes.
func eventually(timeout: Duration = .seconds(30), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        if ContinuousClock.now >= deadline { return false }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return true
}
