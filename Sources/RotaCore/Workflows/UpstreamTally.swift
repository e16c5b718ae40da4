/// How many of a task's direct upstream tasks are in each final state.
///
/// Airflow's trigger_rule_dep decides from counts, not from the individual states; keeping the same
/// counts makes every rule a one-line comparison and the behaviour identical to Airflow's.
public struct UpstreamTally: Sendable, Equatable {
    /// Upstream tasks that count (removed and unknown ones do not).
    public var total: Int
    public var success: Int
    public var failed: Int
    public var upstreamFailed: Int
    public var skipped: Int

    public init(total: Int, success: Int = 0, failed: Int = 0, upstreamFailed: Int = 0, skipped: Int = 0) {
        self.total = total
        self.success = success
        self.failed = failed
        self.upstreamFailed = upstreamFailed
        self.skipped = skipped
    }

    /// Counts the given upstream states. `removed` upstreams are left out entirely: their task is no
    /// longer in the workflow, so (as in Airflow, where it is no longer an upstream) it must not hold
    /// anything back.
    public init(states: [TaskState]) {
        self.init(total: 0)
        for state in states {
            switch state {
            case .removed: continue
            case .success: success += 1
            case .failed: failed += 1
            case .upstreamFailed: upstreamFailed += 1
            case .skipped: skipped += 1
            case .scheduled, .queued, .running, .upForRetry: break
            }
            total += 1
        }
    }

    /// Upstreams in a final state.
    public var done: Int { success + failed + upstreamFailed + skipped }

    /// Every upstream has finished.
    public var allDone: Bool { done >= total }
}
