import Foundation
import Testing
import RotaNotify

/// Webhook delivery: retries, giving up, and isolation between targets.
@Suite struct WebhookDeliveryTests {
    /// Two 500 answers are retried with backoff and the third attempt delivers.
    @Test func retriesServerErrorsThenDelivers() async throws {
        let server = try await TestHTTPServer.failing(first: 2)
        try await Fixtures.withNotifier(maxAttempts: 5) { harness in
            harness.notifier.send(Fixtures.failure(), webhooks: [WebhookTarget(url: server.url)], emails: [])
            #expect(await harness.notifier.drain(timeout: .seconds(30)))
            #expect(harness.notifier.delivered == 1)
            #expect(harness.notifier.failed == 0)
            #expect(server.received.count == 3)

            let warnings = harness.log.entries.filter { $0.level == .warning }
            #expect(warnings.map { $0.metadata["rota.notify.attempt"] } == ["1", "2"])
            #expect(warnings.allSatisfy { $0.metadata["rota.error"]?.contains("HTTP 500") == true })
            // The path is left out of logs: webhook paths often carry secrets.
            #expect(warnings.allSatisfy { $0.metadata["rota.notify.target"] == "webhook http://127.0.0.1:\(server.port)" })
            let delivered = harness.log.entries.filter { $0.message == "notification delivered" }
            #expect(delivered.map { $0.metadata["rota.notify.attempt"] } == ["3"])
        }
        await server.stop()
    }

    /// The wait between attempts doubles from the initial backoff and stops growing at the cap.
    @Test func backoffDoublesUpToTheCap() async throws {
        let server = try await TestHTTPServer.failing(first: 5)
        try await Fixtures.withNotifier(maxAttempts: 6) { harness in
            harness.notifier.send(Fixtures.failure(), webhooks: [WebhookTarget(url: server.url)], emails: [])
            #expect(await harness.notifier.drain(timeout: .seconds(30)))
            #expect(harness.notifier.delivered == 1)
            let waits = harness.log.entries.compactMap { $0.metadata["rota.notify.retry_in"] }
            // Fixtures use 20 ms doubling, capped at 200 ms.
            #expect(waits == [20, 40, 80, 160, 200].map { Duration.milliseconds($0).description })
        }
        await server.stop()
    }

    /// An endpoint that always fails is tried maxAttempts times, then counted as failed with an error log.
    @Test func givesUpAfterMaxAttempts() async throws {
        let server = try await TestHTTPServer.start { _ in .status(500) }
        try await Fixtures.withNotifier(maxAttempts: 3) { harness in
            harness.notifier.send(Fixtures.failure(), webhooks: [WebhookTarget(url: server.url)], emails: [])
            #expect(await harness.notifier.drain(timeout: .seconds(30)))
            #expect(harness.notifier.delivered == 0)
            #expect(harness.notifier.failed == 1)
            #expect(server.received.count == 3)
            let errors = harness.log.entries.filter { $0.level == .error }
            #expect(errors.count == 1)
            #expect(errors.first?.metadata["rota.notify.attempt"] == "3")
            #expect(errors.first?.metadata["rota.error"]?.contains("HTTP 500") == true)
        }
        await server.stop()
    }

    /// A target that never answers holds one delivery slot only: another target still gets its notification.
    @Test func hangingEndpointDoesNotDelayOtherTargets() async throws {
        let hanging = try await TestHTTPServer.start { _ in .hang }
        let healthy = try await TestHTTPServer.start()
        try await Fixtures.withNotifier(webhookTimeout: .seconds(300)) { harness in
            for index in 0..<6 {
                harness.notifier.send(Fixtures.failure(runId: "hang-\(index)"),
                                      webhooks: [WebhookTarget(url: hanging.url)], emails: [])
            }
            harness.notifier.send(Fixtures.failure(runId: "healthy"),
                                  webhooks: [WebhookTarget(url: healthy.url)], emails: [])
            #expect(await eventually { harness.notifier.delivered == 1 })
            #expect(healthy.received.map(\.path) == ["/hook"])
            #expect(await hanging.waitForRequests(1))
            // One delivery per target in flight: the other five wait behind the hanging one.
            #expect(hanging.received.count == 1)
            #expect(harness.notifier.pending == 6)
            #expect(await harness.notifier.drain(timeout: .milliseconds(200)) == false)
        }
        await hanging.stop()
        await healthy.stop()
    }

    /// A refused connection is retried and given up on while another target is delivered.
    @Test func refusedEndpointFailsWithoutBlockingOthers() async throws {
        let refused = try await Fixtures.refusedURL()
        let healthy = try await TestHTTPServer.start()
        // AsyncHTTPClient keeps retrying a refused connection until the request's deadline, so
        // each attempt lasts the whole webhook timeout: keep it short here.
        try await Fixtures.withNotifier(maxAttempts: 3, webhookTimeout: .seconds(1)) { harness in
            harness.notifier.send(Fixtures.failure(),
                                  webhooks: [WebhookTarget(url: refused), WebhookTarget(url: healthy.url)],
                                  emails: [])
            #expect(await eventually { harness.notifier.delivered == 1 })
            #expect(await harness.notifier.drain(timeout: .seconds(60)))
            #expect(harness.notifier.failed == 1)
            #expect(healthy.received.count == 1)
        }
        await healthy.stop()
    }

    /// send() only enqueues: a thousand sends return promptly while the endpoint holds a request unanswered.
    @Test func sendReturnsImmediatelyWhileEndpointHangs() async throws {
        let hanging = try await TestHTTPServer.start { _ in .hang }
        try await Fixtures.withNotifier(webhookTimeout: .seconds(300)) { harness in
            let target = [WebhookTarget(url: hanging.url)]
            harness.notifier.send(Fixtures.failure(), webhooks: target, emails: [])
            #expect(await hanging.waitForRequests(1))
            let started = ContinuousClock.now
            for index in 0..<1_000 {
                harness.notifier.send(Fixtures.failure(runId: "run-\(index)"), webhooks: target, emails: [])
            }
            #expect(ContinuousClock.now - started < .seconds(5))
            #expect(harness.notifier.pending == 1_001)
        }
        await hanging.stop()
    }

    /// A URL that is not http(s) fails at once, without retries.
    @Test func invalidURLFailsWithoutRetry() async throws {
        try await Fixtures.withNotifier(maxAttempts: 5) { harness in
            harness.notifier.send(Fixtures.failure(), webhooks: [WebhookTarget(url: "not a url")], emails: [])
            #expect(await harness.notifier.drain(timeout: .seconds(30)))
            #expect(harness.notifier.failed == 1)
            #expect(harness.log.entries.filter { $0.level == .warning }.isEmpty)
            #expect(harness.log.entries.filter { $0.level == .error }.count == 1)
        }
    }
}
