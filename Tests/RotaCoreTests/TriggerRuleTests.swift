import Testing
import RotaCore

/// Every trigger rule against upstream states, as Airflow's trigger_rule_dep decides.
@Suite struct TriggerRuleTests {
    typealias S = TaskState

    /// Proves each rule's documented outcome for the cases Airflow's table names.
    @Test(arguments: [
        (TriggerRule.allSuccess, [S.success, .success], S?.some(.queued)),
        (.allSuccess, [.success, .running], nil),
        (.allSuccess, [.success, .failed], .upstreamFailed),
        (.allSuccess, [.success, .upstreamFailed], .upstreamFailed),
        (.allSuccess, [.success, .skipped], .skipped),
        (.allSuccess, [.skipped, .failed], .upstreamFailed),
        (.allSuccess, [.success, .upForRetry], nil),
        (.allFailed, [.failed, .upstreamFailed], .queued),
        (.allFailed, [.failed, .running], nil),
        (.allFailed, [.failed, .success], .skipped),
        (.allFailed, [.failed, .skipped], .skipped),
        (.allDone, [.success, .failed, .skipped, .upstreamFailed], .queued),
        (.allDone, [.success, .queued], nil),
        (.allSkipped, [.skipped, .skipped], .queued),
        (.allSkipped, [.skipped, .running], nil),
        (.allSkipped, [.skipped, .success], .skipped),
        (.allSkipped, [.skipped, .failed], .skipped),
        (.allSkipped, [.skipped, .upstreamFailed], .skipped),
        (.oneSuccess, [.success, .running], .queued),
        (.oneSuccess, [.failed, .failed], .upstreamFailed),
        (.oneSuccess, [.skipped, .skipped], .skipped),
        (.oneSuccess, [.skipped, .failed], .upstreamFailed),
        (.oneSuccess, [.failed, .running], nil),
        (.oneFailed, [.failed, .running], .queued),
        (.oneFailed, [.upstreamFailed, .running], .queued),
        (.oneFailed, [.success, .success], .skipped),
        (.oneFailed, [.success, .skipped], .skipped),
        (.oneFailed, [.success, .running], nil),
        (.oneDone, [.success, .running], .queued),
        (.oneDone, [.failed, .running], .queued),
        (.oneDone, [.skipped, .upstreamFailed], .skipped),
        (.oneDone, [.skipped, .running], nil),
        (.oneDone, [.upstreamFailed, .running], nil),
        (.noneFailed, [.success, .skipped], .queued),
        (.noneFailed, [.skipped, .skipped], .queued),
        (.noneFailed, [.success, .failed], .upstreamFailed),
        (.noneFailed, [.success, .upstreamFailed], .upstreamFailed),
        (.noneFailed, [.success, .running], nil),
        (.noneSkipped, [.success, .failed], .queued),
        (.noneSkipped, [.upstreamFailed, .failed], .queued),
        (.noneSkipped, [.success, .skipped], .skipped),
        (.noneSkipped, [.success, .running], nil),
        (.noneFailedMinOneSuccess, [.success, .skipped], .queued),
        (.noneFailedMinOneSuccess, [.skipped, .skipped], .skipped),
        (.noneFailedMinOneSuccess, [.skipped, .failed], .upstreamFailed),
        (.noneFailedMinOneSuccess, [.success, .running], nil),
        (.noneFailedMinOneSuccess, [.skipped, .running], nil),
        (.always, [.failed, .running], .queued),
    ])
    func decidesLikeAirflow(rule: TriggerRule, upstream: [TaskState], expected: TaskState?) {
        #expect(rule.decide(UpstreamTally(states: upstream)).targetState == expected)
    }

    /// Proves a task with no upstream runs at once whatever its rule.
    @Test(arguments: TriggerRule.allCases)
    func noUpstreamRunsAtOnce(rule: TriggerRule) {
        #expect(rule.decide(UpstreamTally(states: [])) == .run)
        #expect(rule.decide(UpstreamTally(states: [.removed])) == .run)
    }

    /// Proves every rule agrees with an independent list-based reading of Airflow's table for
    /// every combination of three upstream states.
    @Test(arguments: TriggerRule.allCases)
    func matchesReferenceForAllCombinations(rule: TriggerRule) {
        let states: [TaskState] = [.success, .failed, .upstreamFailed, .skipped, .running, .scheduled, .upForRetry]
        for a in states {
            for b in states {
                for c in states {
                    let upstream = [a, b, c]
                    #expect(rule.decide(UpstreamTally(states: upstream)) == Self.reference(rule, upstream),
                            "\(rule.rawValue) \(upstream.map(\.rawValue))")
                }
            }
        }
    }

    /// Proves the raw values are exactly Airflow's rule names.
    @Test func rawValuesAreAirflowNames() {
        #expect(TriggerRule.names == [
            "all_success", "all_failed", "all_done", "all_skipped", "one_success", "one_failed", "one_done",
            "none_failed", "none_skipped", "none_failed_min_one_success", "always",
        ])
    }

    /// Airflow's table restated with `all`/`any` over the list, independent of `UpstreamTally`.
    static func reference(_ rule: TriggerRule, _ up: [TaskState]) -> TriggerDecision {
        func any(_ s: Set<TaskState>) -> Bool { up.contains { s.contains($0) } }
        func all(_ s: Set<TaskState>) -> Bool { up.allSatisfy { s.contains($0) } }
        let finished = all([.success, .failed, .upstreamFailed, .skipped])
        switch rule {
        case .allSuccess:
            return any([.failed, .upstreamFailed]) ? .upstreamFailed : any([.skipped]) ? .skip : all([.success]) ? .run : .wait
        case .allFailed:
            return any([.success, .skipped]) ? .skip : all([.failed, .upstreamFailed]) ? .run : .wait
        case .allDone:
            return finished ? .run : .wait
        case .allSkipped:
            return any([.success, .failed, .upstreamFailed]) ? .skip : all([.skipped]) ? .run : .wait
        case .oneSuccess:
            if finished, all([.skipped]) { return .skip }
            if any([.success]) { return .run }
            return finished ? .upstreamFailed : .wait
        case .oneFailed:
            if any([.failed, .upstreamFailed]) { return .run }
            return finished ? .skip : .wait
        case .oneDone:
            if any([.success, .failed]) { return .run }
            return finished ? .skip : .wait
        case .noneFailed:
            return any([.failed, .upstreamFailed]) ? .upstreamFailed : all([.success, .skipped]) ? .run : .wait
        case .noneFailedMinOneSuccess:
            if any([.failed, .upstreamFailed]) { return .upstreamFailed }
            if all([.skipped]) { return .skip }
            return all([.success, .skipped]) ? .run : .wait
        case .noneSkipped:
            return any([.skipped]) ? .skip : finished ? .run : .wait
        case .always:
            return .run
        }
    }
}
