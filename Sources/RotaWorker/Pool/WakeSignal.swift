import RotaCore
import Synchronization

/// Wakes sleepers when there may be work: a run was created, a task finished, a retry is due.
///
/// Rota's rule is "no polling loop where an event exists": the worker pool sleeps here until it is
/// signalled or its timeout (the next known `ready_at`) passes. A signal with nobody waiting is
/// remembered, so a wake-up between "found nothing" and "started waiting" is never lost.
public final class WakeSignal: Sendable {
    private struct Waiter {
        var continuation: CheckedContinuation<Void, Never>
        var timer: Task<Void, Never>?
    }
    private struct State {
        var pending = false
        var nextId = 0
        var waiters: [Int: Waiter] = [:]
    }
    private let state = Mutex(State())

    public init() {}

    /// Wakes every current waiter, or the next one to wait.
    public func signal() {
        let woken = state.withLock { state -> [Waiter] in
            if state.waiters.isEmpty {
                state.pending = true
                return []
            }
            let all = Array(state.waiters.values)
            state.waiters.removeAll()
            return all
        }
        for waiter in woken {
            waiter.timer?.cancel()
            waiter.continuation.resume()
        }
    }

    /// Returns when signalled, when `timeout` passes, or when the calling task is cancelled.
    public func wait(timeout: Duration) async {
        let id: Int? = state.withLock { state in
            if state.pending {
                state.pending = false
                return nil
            }
            state.nextId += 1
            return state.nextId
        }
        guard let id else { return }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let timer = Task { [weak self] in
                    try? await sleepCancellably(for: timeout)  // woken early: the timer goes too
                    self?.wake(id)
                }
                let resumeNow = state.withLock { state -> Bool in
                    if state.pending || Task.isCancelled {
                        state.pending = false
                        return true
                    }
                    state.waiters[id] = Waiter(continuation: continuation, timer: timer)
                    return false
                }
                if resumeNow {
                    timer.cancel()
                    continuation.resume()
                }
            }
        } onCancel: {
            wake(id)
        }
    }

    private func wake(_ id: Int) {
        let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
        waiter?.timer?.cancel()
        waiter?.continuation.resume()
    }
}
