#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Why a running child is being stopped.
enum TerminationReason: Sendable, Equatable {
    case timedOut
    case cancelled
}

/// The one place that signals a child's process group and reaps the child.
///
/// Why a lock around both: a pid (and so the group id) may be reused by an
/// unrelated process as soon as the child is reaped. Signalling and reaping under
/// the same lock guarantees `kill(-pgid, …)` only runs while the child is at worst a
/// zombie, which keeps its pid — and its group id — reserved. Termination can be
/// requested from any thread (the supervisor on timeout, the task cancellation
/// handler on cancel); reaping happens on the supervisor thread only.
final class ChildControl: Sendable {
    let pid: pid_t
    let killGrace: Duration

    private struct State {
        var reason: TerminationReason? = nil
        var killDeadline: ContinuousClock.Instant? = nil
        var killed = false
        var reaped = false
    }

    private let state = Mutex(State())

    init(pid: pid_t, killGrace: Duration) {
        self.pid = pid
        self.killGrace = killGrace
    }

    /// The first termination request, if any.
    var reason: TerminationReason? { state.withLock { $0.reason } }

    /// When SIGKILL is due, while a termination is pending and SIGKILL not yet sent.
    var pendingKillDeadline: ContinuousClock.Instant? {
        state.withLock { $0.killed ? nil : $0.killDeadline }
    }

    /// Asks the whole group to stop: SIGTERM now (plus SIGCONT, so a stopped group
    /// can act on it) and SIGKILL once `killGrace` has passed. Only the first
    /// request counts; requests after the child was reaped are ignored.
    func terminate(_ reason: TerminationReason) {
        state.withLock { state in
            guard !state.reaped, state.reason == nil else { return }
            state.reason = reason
            state.killDeadline = .now + killGrace
            _ = kill(-pid, SIGTERM)
            _ = kill(-pid, SIGCONT)
        }
    }

    /// Sends SIGKILL to the group if a termination's grace period has run out.
    func escalateIfDue(now: ContinuousClock.Instant) {
        state.withLock { state in
            guard !state.reaped, !state.killed, let deadline = state.killDeadline, now >= deadline
            else { return }
            state.killed = true
            _ = kill(-pid, SIGKILL)
        }
    }

    /// Whether the child has exited, without reaping it (it stays a zombie, keeping
    /// the group id reserved until `reap`).
    func hasExited() -> Bool {
        state.withLock { state in
            state.reaped || Posix.childHasExited(pid)
        }
    }

    /// Collects the child's exit status, blocking until it has exited. Call only
    /// after `hasExited()` returned true, or when a SIGKILL guarantees an exit.
    ///
    /// If the run is being terminated, whatever is left of the group (background
    /// jobs that outlived the shell) gets SIGKILL first, while the group id is still
    /// reserved by the zombie: after a timeout or cancellation nothing of the job may
    /// keep running.
    /// Returns `nil` if the status was lost because something else in this process
    /// reaped the child (a stray `waitpid(-1)`).
    func reap() -> Int32? {
        state.withLock { state in
            if state.reason != nil {
                state.killed = true
                _ = kill(-pid, SIGKILL)
            }
            var status: Int32 = 0
            var result: Int32?
            while true {
                if waitpid(pid, &status, 0) == pid {
                    result = status
                    break
                }
                if errno != EINTR { break }  // ECHILD: reaped behind our back
            }
            state.reaped = true
            return result
        }
    }

    /// Kills the group outright and reaps the child; for the rare failure after spawn
    /// where no supervisor thread could be started.
    func killAndReap() {
        state.withLock { state in
            state.killed = true
            _ = kill(-pid, SIGKILL)
        }
        _ = reap()
    }
}
