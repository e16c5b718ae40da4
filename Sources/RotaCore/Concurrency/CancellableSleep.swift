import Dispatch
import Synchronization

/// Sleeps for `duration`, like `Task.sleep(for:)`, but a cancelled sleep gives its timer back.
///
/// `Task.sleep` schedules a dispatch timer that cancellation cannot remove: the timer, its task
/// and its continuation stay in memory until the deadline. Measured here: 100,000 cancelled
/// one-hour sleeps held 150 MB for that hour, and every later timer paid for the larger heap.
/// Rota's waits are mostly cancelled early (the cron loop re-arms its one-hour wait whenever a job
/// changes: 100,000 registered jobs left 100,000 such timers; every PostgreSQL transaction armed
/// a 5 s lease deadline), so they sleep here, on a `DispatchSourceTimer` that is cancelled with
/// the sleep.
///
/// - Throws: `CancellationError` when the task is cancelled first.
public func sleepCancellably(for duration: Duration) async throws {
    let sleep = CancellableSleep()
    try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            sleep.start(continuation, after: duration)
        }
    } onCancel: {
        sleep.finish(.failure(CancellationError()))
    }
}

private final class CancellableSleep: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Void, any Error>?
        var outcome: Result<Void, any Error>?
        var timer: Timer?
    }
    /// Dispatch sources are safe to cancel from any thread; the type just does not say so.
    private final class Timer: @unchecked Sendable {
        let source: any DispatchSourceTimer
        init(_ source: any DispatchSourceTimer) { self.source = source }
    }
    private let state = Mutex(State())

    func start(_ continuation: CheckedContinuation<Void, any Error>, after duration: Duration) {
        let timer = Timer(DispatchSource.makeTimerSource(queue: .global()))
        let (seconds, attoseconds) = duration.components
        let nanoseconds = seconds >= Int64(Int.max / 1_000_000_000) ? Int.max
            : max(0, Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
        timer.source.schedule(deadline: .now() + .nanoseconds(nanoseconds))
        timer.source.setEventHandler { [self] in finish(.success(())) }
        let early: Result<Void, any Error>? = state.withLock { state in
            if let outcome = state.outcome { return outcome }  // cancelled before it started
            state.continuation = continuation
            state.timer = timer
            return nil
        }
        if early != nil { timer.source.cancel() }
        timer.source.resume()  // also when cancelled: dispatch refuses to release a suspended source
        if let early { continuation.resume(with: early) }
    }

    func finish(_ outcome: Result<Void, any Error>) {
        let (continuation, timer) = state.withLock { state -> (CheckedContinuation<Void, any Error>?, Timer?) in
            guard state.outcome == nil else { return (nil, nil) }
            state.outcome = outcome
            defer {
                state.continuation = nil
                state.timer = nil
            }
            return (state.continuation, state.timer)
        }
        timer?.source.cancel()
        continuation?.resume(with: outcome)
    }
}
