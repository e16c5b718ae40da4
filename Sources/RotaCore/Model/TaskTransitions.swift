import Foundation

/// The pure decisions of the task state machine: given what happened, which state comes next.
///
/// Nothing here performs I/O or reads the clock; the engine passes `now` in and the Store applies
/// the answer with a guarded write (`UPDATE … WHERE state = 'running' AND try_number = ?`), so two
/// actors can never both move the same row. Keeping the decisions here makes every transition
/// testable without a database or a sleeping test.
public enum TaskTransitions {
    /// What to write when an attempt ends.
    public struct Decision: Sendable, Equatable {
        public var state: TaskState
        /// When the task instance may be claimed again (only for `up_for_retry`).
        public var readyAt: Date?

        public init(state: TaskState, readyAt: Date?) {
            self.state = state
            self.readyAt = readyAt
        }
    }

    /// Decides the state after try `tryNumber` ended, successfully or not. `maxTries` is the task
    /// instance's own limit, which a user's clear raises beyond the policy's first round.
    public static func attemptFinished(succeeded: Bool, tryNumber: Int, maxTries: Int? = nil, policy: RetryPolicy,
                                       now: Date) -> Decision {
        if succeeded { return Decision(state: .success, readyAt: nil) }
        let limit = maxTries ?? policy.maxTries
        if tryNumber < limit {
            // Count tries within the current round, so a cleared task starts its backoff afresh.
            let roundStart = limit - policy.maxTries
            let wait = policy.delay(beforeTry: tryNumber - roundStart + 1)
            return Decision(state: .upForRetry, readyAt: now.addingTimeInterval(wait.seconds))
        }
        return Decision(state: .failed, readyAt: nil)
    }

    /// Whether `from → to` is a legal move. The Store's guarded writes encode the same table.
    public static func isAllowed(from: TaskState, to: TaskState) -> Bool {
        switch (from, to) {
        case (.scheduled, .queued), (.scheduled, .skipped), (.scheduled, .upstreamFailed),
             (.scheduled, .removed):
            return true
        case (.queued, .running), (.upForRetry, .running), (.queued, .removed), (.upForRetry, .failed):
            return true
        case (.running, .success), (.running, .failed), (.running, .upForRetry):
            return true
        case (_, .queued) where from.isFinal:
            return true  // a user cleared the task instance
        default:
            return false
        }
    }
}

extension Duration {
    /// The duration in (fractional) seconds, for `Date` arithmetic.
    public var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// Whole milliseconds, rounded down.
    public var milliseconds: Int64 {
        let parts = components
        return parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000
    }
}
