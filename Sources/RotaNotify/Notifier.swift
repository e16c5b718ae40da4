import AsyncHTTPClient
import Logging
import Synchronization

/// Delivers notifications (webhooks, email) without ever making the engine wait.
///
/// `send` only appends to an in-memory queue and returns; the `run()` loop delivers, a few at a
/// time, one at a time per target (see ``DeliveryQueue``), retrying failures with exponential
/// backoff. The queue is bounded: when full, the oldest waiting notification is dropped with a
/// warning, since a notification system that grows without bound during an outage would take
/// the scheduler down with it. Nothing is persisted: notifications queued when the process
/// stops are lost, which `drain(timeout:)` at shutdown keeps rare.
public final class Notifier: Sendable {
    private struct State {
        var queue: DeliveryQueue
        var idleWaiters: [UInt64: CheckedContinuation<Bool, Never>] = [:]
        var nextWaiterID: UInt64 = 0
        var running = false

        /// The drain waiters to resume, when there is nothing left to do.
        mutating func takeIdleWaitersIfIdle() -> [CheckedContinuation<Bool, Never>] {
            guard queue.isIdle, !idleWaiters.isEmpty else { return [] }
            defer { idleWaiters.removeAll() }
            return Array(idleWaiters.values)
        }
    }

    private let logger: Logger
    private let queueLimit: Int
    private let maxAttempts: Int
    private let initialBackoff: Duration
    private let maxBackoff: Duration
    private let concurrency: Int
    private let webhooks: WebhookSender
    private let email: EmailSender
    private let state: Mutex<State>
    private let wakeup = Wakeup()

    /// - Parameters:
    ///   - http: shared with the rest of the process; its owner shuts it down. Its event loops
    ///     also carry the SMTP connections.
    ///   - smtp: `nil` when email is not configured; email targets then fail (not retried).
    ///   - maxAttempts: attempts per delivery, the first included.
    ///   - initialBackoff: the wait after the first failure, doubling after each further one.
    ///   - queueLimit: deliveries (one notification to one target) waiting at most.
    ///   - maxBackoff: the longest wait between two attempts.
    ///   - concurrency: attempts in flight at most, over all targets.
    ///   - webhookTimeout: bounds one webhook request, response body included.
    public init(
        http: HTTPClient, smtp: SMTPSettings?, logger: Logger,
        maxAttempts: Int = 5, initialBackoff: Duration = .seconds(1), queueLimit: Int = 10_000,
        maxBackoff: Duration = .seconds(60), concurrency: Int = 4, webhookTimeout: Duration = .seconds(30)
    ) {
        self.logger = logger
        self.queueLimit = max(1, queueLimit)
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = max(.zero, initialBackoff)
        self.maxBackoff = max(self.initialBackoff, maxBackoff)
        self.concurrency = max(1, concurrency)
        self.webhooks = WebhookSender(http: http, timeout: webhookTimeout)
        self.email = EmailSender(settings: smtp, group: http.eventLoopGroup)
        self.state = Mutex(State(queue: DeliveryQueue(limit: self.queueLimit)))
        if let smtp {
            do {
                try smtp.validate()
            } catch {
                logger.error("SMTP settings are unusable; email notifications will fail",
                             metadata: ["rota.error": "\(error)"])
            }
        }
    }

    /// Notifications delivered so far.
    public var delivered: Int { state.withLock { $0.queue.delivered } }
    /// Deliveries that failed for good (attempts exhausted, or a configuration error).
    public var failed: Int { state.withLock { $0.queue.failed } }
    /// Deliveries dropped unattempted or between attempts because the queue was full.
    public var dropped: Int { state.withLock { $0.queue.dropped } }
    /// Deliveries waiting or in flight.
    public var pending: Int { state.withLock { $0.queue.queued + $0.queue.inFlight } }

    /// Enqueues one delivery per target and returns immediately (never awaits delivery). When the
    /// queue is full, the oldest waiting deliveries are dropped with a logged warning.
    public func send(_ event: NotificationEvent, webhooks: [WebhookTarget], emails: [EmailTarget]) {
        let targets = webhooks.map(Delivery.Target.webhook) + emails.map(Delivery.Target.email)
        guard !targets.isEmpty else { return }
        let dropped = state.withLock { state in
            targets.flatMap { state.queue.enqueue(event, to: $0) }
        }
        logDropped(dropped)
        wakeup.signal()
    }

    /// Delivers until the calling task is cancelled; in-flight attempts are then cancelled too and
    /// their deliveries stay queued. Only one `run()` may be active: a second returns at once.
    public func run() async {
        let claimed = state.withLock { state in
            defer { state.running = true }
            return !state.running
        }
        guard claimed else {
            logger.error("Notifier.run() called while already running; the second call returns at once")
            return
        }
        defer { state.withLock { $0.running = false } }
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                let (ready, nextRetry) = state.withLock { state in
                    state.queue.takeReady(now: .now, slots: concurrency - state.queue.inFlight)
                }
                for delivery in ready {
                    group.addTask { await self.perform(delivery) }
                }
                if ready.isEmpty { await wakeup.wait(until: nextRetry) }
            }
        }
    }

    /// Waits until nothing is waiting or in flight; `false` when `timeout` passed first. Meant
    /// for tests and for shutdown, before cancelling `run()`.
    public func drain(timeout: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { await self.waitUntilIdle() }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    private func waitUntilIdle() async -> Bool {
        let id = state.withLock { state in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let immediate = state.withLock { state -> Bool? in
                    if state.queue.isIdle { return true }
                    if Task.isCancelled { return false }
                    state.idleWaiters[id] = continuation
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            state.withLock { $0.idleWaiters.removeValue(forKey: id) }?.resume(returning: false)
        }
    }

    /// Makes one attempt, logs it, and books the outcome.
    private func perform(_ delivery: Delivery) async {
        var logger = self.logger
        logger[metadataKey: "rota.notify.target"] = "\(delivery.logName)"
        logger[metadataKey: "rota.notify.attempt"] = "\(delivery.attempt)"
        logger[metadataKey: "rota.notify.kind"] = "\(delivery.event.kind.rawValue)"
        logger[metadataKey: "rota.workflow"] = "\(delivery.event.workflow)"
        logger[metadataKey: "rota.run"] = "\(delivery.event.runId)"
        logger.debug("notification attempt starting")

        let outcome: DeliveryQueue.Outcome
        do {
            try await attempt(delivery)
            outcome = .delivered
            logger.info("notification delivered")
        } catch {
            logger[metadataKey: "rota.error"] = "\(error.message)"
            if Task.isCancelled {
                outcome = .retry(at: .now)
                logger.info("notification attempt interrupted: the notifier is stopping")
            } else if error.retryable && delivery.attempt < maxAttempts {
                let wait = backoff(afterAttempt: delivery.attempt)
                outcome = .retry(at: .now + wait)
                logger.warning("notification attempt failed; will retry",
                               metadata: ["rota.notify.retry_in": "\(wait)"])
            } else {
                outcome = .failed
                logger.error("notification failed; giving up")
            }
        }
        let (dropped, waiters) = state.withLock { state in
            let dropped = state.queue.finish(delivery, outcome)
            return (dropped, state.takeIdleWaitersIfIdle())
        }
        logDropped(dropped)
        for waiter in waiters { waiter.resume(returning: true) }
        wakeup.signal()
    }

    private func attempt(_ delivery: Delivery) async throws(DeliveryFailure) {
        switch delivery.target {
        case .webhook(let target): try await webhooks.send(delivery.event, to: target)
        case .email(let target): try await email.send(delivery.event, to: target, reference: delivery.id)
        }
    }

    /// `initialBackoff` doubled once per failed attempt before this one, capped at `maxBackoff`.
    func backoff(afterAttempt attempt: Int) -> Duration {
        var wait = initialBackoff
        for _ in 1..<max(1, attempt) {
            wait *= 2
            if wait >= maxBackoff { return maxBackoff }
        }
        return min(wait, maxBackoff)
    }

    private func logDropped(_ dropped: [Delivery]) {
        for delivery in dropped {
            logger.warning("notification queue full; dropped the oldest notification", metadata: [
                "rota.notify.target": "\(delivery.logName)",
                "rota.notify.kind": "\(delivery.event.kind.rawValue)",
                "rota.workflow": "\(delivery.event.workflow)",
                "rota.run": "\(delivery.event.runId)",
                "rota.notify.queue_limit": "\(queueLimit)",
            ])
        }
    }
}
