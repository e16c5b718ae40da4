extension TriggerRule {
    /// Decides a waiting task instance from its upstream tally, as Airflow's `trigger_rule_dep` does:
    /// first the short-circuits (the rule can no longer be met: `skipped` or `upstream_failed`), then
    /// the pass check (`run`), else `wait`. A task with no counting upstream runs at once, whatever
    /// its rule, as in Airflow.
    public func decide(_ t: UpstreamTally) -> TriggerDecision {
        if t.total == 0 || self == .always { return .run }
        let anyFailure = t.failed + t.upstreamFailed > 0
        switch self {
        case .allSuccess:
            if anyFailure { return .upstreamFailed }
            if t.skipped > 0 { return .skip }
            return t.success == t.total ? .run : .wait
        case .allFailed:
            if t.success + t.skipped > 0 { return .skip }
            return t.failed + t.upstreamFailed == t.total ? .run : .wait
        case .allDone:
            return t.allDone ? .run : .wait
        case .allSkipped:
            if t.success + t.failed + t.upstreamFailed > 0 { return .skip }
            return t.skipped == t.total ? .run : .wait
        case .oneSuccess:
            if t.allDone, t.done == t.skipped { return .skip }
            if t.allDone, t.success == 0 { return .upstreamFailed }
            return t.success > 0 ? .run : .wait
        case .oneFailed:
            if t.allDone, !anyFailure { return .skip }
            return anyFailure ? .run : .wait
        case .oneDone:
            if t.allDone, t.success + t.failed == 0 { return .skip }
            return t.success + t.failed > 0 ? .run : .wait
        case .noneFailed:
            if anyFailure { return .upstreamFailed }
            return t.success + t.skipped == t.total ? .run : .wait
        case .noneFailedMinOneSuccess:
            if anyFailure { return .upstreamFailed }
            if t.skipped == t.total { return .skip }
            return t.success + t.skipped == t.total ? .run : .wait
        case .noneSkipped:
            if t.skipped > 0 { return .skip }
            return t.allDone ? .run : .wait
        case .always:
            return .run
        }
    }
}
