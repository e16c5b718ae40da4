import Foundation
import Testing
import RotaNotify

/// The queue between `send` and delivery: its limit, draining and the single loop.
@Suite struct NotifierQueueTests {
    /// A full queue drops its oldest delivery with a warning; the newer ones are delivered in order.
    @Test func fullQueueDropsTheOldest() async throws {
        let server = try await TestHTTPServer.start()
        try await Fixtures.withNotifier(queueLimit: 2, startLoop: false) { harness in
            for run in ["first", "second", "third"] {
                harness.notifier.send(Fixtures.failure(runId: run), webhooks: [WebhookTarget(url: server.url)],
                                      emails: [])
            }
            #expect(harness.notifier.dropped == 1)
            #expect(harness.notifier.pending == 2)
            let warning = try #require(harness.log.entries.first { $0.level == .warning })
            #expect(warning.message.contains("queue full"))
            #expect(warning.metadata["rota.run"] == "first")

            harness.loop.start()
            #expect(await harness.notifier.drain(timeout: .seconds(30)))
            let runs = try server.received.map { request in
                let document = try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any]
                return document?["run_id"] as? String
            }
            #expect(runs == ["second", "third"])
            #expect(harness.notifier.delivered == 2)
        }
        await server.stop()
    }

    /// Notifications to one target arrive in the order they were sent.
    @Test func keepsSendOrderPerTarget() async throws {
        let server = try await TestHTTPServer.start()
        let target = WebhookTarget(url: server.url, payloadTemplate: "{{ run_id }}")
        try await Fixtures.withNotifier { harness in
            for index in 0..<20 {
                harness.notifier.send(Fixtures.failure(runId: "run-\(index)"), webhooks: [target], emails: [])
            }
            #expect(await harness.notifier.drain(timeout: .seconds(30)))
        }
        #expect(server.received.map(\.body) == (0..<20).map { "run-\($0)" })
        await server.stop()
    }

    /// drain() answers true at once when nothing was sent.
    @Test func drainReturnsTrueWhenIdle() async throws {
        try await Fixtures.withNotifier { harness in
            #expect(await harness.notifier.drain(timeout: .seconds(30)))
        }
    }

    /// drain() gives up with false when a delivery is still in flight at its timeout.
    @Test func drainTimesOutWhileADeliveryHangs() async throws {
        let hanging = try await TestHTTPServer.start { _ in .hang }
        try await Fixtures.withNotifier(webhookTimeout: .seconds(300)) { harness in
            harness.notifier.send(Fixtures.failure(), webhooks: [WebhookTarget(url: hanging.url)], emails: [])
            #expect(await hanging.waitForRequests(1))
            #expect(await harness.notifier.drain(timeout: .milliseconds(300)) == false)
            #expect(harness.notifier.pending == 1)
        }
        await hanging.stop()
    }

    /// A second run() while one is active returns at once instead of competing for deliveries.
    @Test(.timeLimit(.minutes(1)))
    func secondRunReturnsAtOnce() async throws {
        let server = try await TestHTTPServer.start()
        try await Fixtures.withNotifier { harness in
            // A delivery proves the harness's loop is running.
            harness.notifier.send(Fixtures.failure(), webhooks: [WebhookTarget(url: server.url)], emails: [])
            #expect(await harness.notifier.drain(timeout: .seconds(30)))
            await harness.notifier.run()
            #expect(harness.log.entries.contains { $0.level == .error && $0.message.contains("already running") })
        }
        await server.stop()
    }

    /// Deliveries queued before run() starts are delivered once it does.
    @Test func deliversWhatWasQueuedBeforeRun() async throws {
        let server = try await TestHTTPServer.start()
        try await Fixtures.withNotifier(startLoop: false) { harness in
            harness.notifier.send(Fixtures.failure(), webhooks: [WebhookTarget(url: server.url)], emails: [])
            #expect(server.received.isEmpty)
            harness.loop.start()
            #expect(await harness.notifier.drain(timeout: .seconds(30)))
            #expect(server.received.count == 1)
        }
        await server.stop()
    }
}
