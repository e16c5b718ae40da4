import Synchronization

/// Wakes the delivery loop when there is something to do, instead of polling.
///
/// `signal()` is called by `send()` and by each finished attempt; the loop's `wait(until:)` also
/// returns at the next retry instant or on cancellation. A signal with no waiter is remembered,
/// so one sent between the loop's scan and its wait is not lost. Waking early is harmless (the
/// loop scans again), so the only rule is never to sleep through work. One waiter at a time:
/// the notifier lets a single `run()` loop exist.
final class Wakeup: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.pending = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Returns after a signal, at `deadline` when given, or when the task is cancelled.
    func wait(until deadline: ContinuousClock.Instant?) async {
        let timer = deadline.map { deadline in
            Task { [self] in
                if (try? await Task.sleep(until: deadline, clock: .continuous)) != nil { signal() }
            }
        }
        defer { timer?.cancel() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.pending || Task.isCancelled {
                        state.pending = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            signal()
        }
    }
}
