/// What a trigger rule says about a waiting (`scheduled`) task instance right now.
public enum TriggerDecision: Sendable, Equatable {
    /// Not yet decidable: some upstream has still to finish.
    case wait
    /// The rule is met: the task instance becomes `queued`.
    case run
    /// The rule can no longer be met and nothing failed that it depends on: `skipped`.
    case skip
    /// The rule can no longer be met because an upstream failed: `upstream_failed`.
    case upstreamFailed

    /// The task state the decision moves a `scheduled` task instance to, if any.
    public var targetState: TaskState? {
        switch self {
        case .wait: return nil
        case .run: return .queued
        case .skip: return .skipped
        case .upstreamFailed: return .upstreamFailed
        }
    }
}
