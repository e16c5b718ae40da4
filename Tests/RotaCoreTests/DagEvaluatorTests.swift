import Testing
import RotaCore

/// Trigger-rule evaluation over whole runs: cascades, fixpoint, leaf-based run state.
@Suite struct DagEvaluatorTests {
    private func node(_ id: String, _ state: TaskState, _ upstream: [String] = [], _ rule: TriggerRule = .allSuccess) -> DagNode {
        DagNode(id, state: state, upstream: upstream, triggerRule: rule)
    }

    private func outcome(_ nodes: [DagNode]) -> [String: TaskState] {
        Dictionary(uniqueKeysWithValues: DagEvaluator.transitions(nodes).map { ($0.taskId, $0.to) })
    }

    /// Proves roots of a new run are queued and tasks with unfinished upstreams wait.
    @Test func queuesRootsOfNewRun() {
        let nodes = [node("a", .scheduled), node("b", .scheduled, ["a"]), node("c", .scheduled, [], .allFailed)]
        #expect(DagEvaluator.transitions(nodes) == [DagTransition("a", to: .queued), DagTransition("c", to: .queued)])
    }

    /// Proves a failure cascades upstream_failed down a chain in one call.
    @Test func failureCascadesDownChain() {
        let nodes = [node("a", .failed), node("b", .scheduled, ["a"]), node("c", .scheduled, ["b"]), node("d", .scheduled, ["c"])]
        #expect(outcome(nodes) == ["b": .upstreamFailed, "c": .upstreamFailed, "d": .upstreamFailed])
    }

    /// Proves a skip cascades down a chain in one call.
    @Test func skipCascadesDownChain() {
        let nodes = [node("a", .skipped), node("b", .scheduled, ["a"]), node("c", .scheduled, ["b"])]
        #expect(outcome(nodes) == ["b": .skipped, "c": .skipped])
    }

    /// Proves an all_done task after a cascade is queued and stops the cascade there.
    @Test func allDoneStopsCascade() {
        let nodes = [node("a", .failed), node("b", .scheduled, ["a"]), node("c", .scheduled, ["b"], .allDone),
                     node("d", .scheduled, ["c"])]
        #expect(outcome(nodes) == ["b": .upstreamFailed, "c": .queued])
    }

    /// Proves mixed rules resolve to a fixpoint across branches in one call.
    @Test func mixedRulesReachFixpoint() {
        let nodes = [
            node("a", .success), node("b", .failed),
            node("c", .scheduled, ["a", "b"], .oneSuccess),
            node("d", .scheduled, ["b"]),
            node("e", .scheduled, ["d"], .noneFailed),
            node("f", .scheduled, ["e"], .allDone),
            node("g", .scheduled, ["d", "e"], .oneFailed),
        ]
        #expect(outcome(nodes) == ["c": .queued, "d": .upstreamFailed, "e": .upstreamFailed, "f": .queued, "g": .queued])
    }

    /// Proves skips reaching a join resolve every join rule in the same call.
    @Test func skippedDiamondResolvesJoins() {
        let nodes = [
            node("a", .skipped), node("b", .scheduled, ["a"]), node("c", .scheduled, ["a"]),
            node("j1", .scheduled, ["b", "c"], .noneFailedMinOneSuccess),
            node("j2", .scheduled, ["b", "c"], .allSkipped),
            node("j3", .scheduled, ["b", "c"], .oneSuccess),
            node("j4", .scheduled, ["b", "c"], .noneFailed),
        ]
        #expect(outcome(nodes) == ["b": .skipped, "c": .skipped, "j1": .skipped, "j2": .queued, "j3": .skipped, "j4": .queued])
    }

    /// Proves the answer does not depend on the order the nodes are given in.
    @Test func resultIndependentOfNodeOrder() {
        let nodes = [node("a", .failed), node("b", .scheduled, ["a"]), node("c", .scheduled, ["b"], .allDone),
                     node("d", .scheduled, ["c", "b"], .oneFailed), node("e", .scheduled, ["d"])]
        #expect(outcome(nodes) == outcome(nodes.reversed()))
        #expect(DagEvaluator.transitions(nodes.reversed()).map(\.taskId) == ["d", "c", "b"])
    }

    /// Proves only scheduled task instances are moved; running, queued and final ones are left alone.
    @Test func onlyScheduledTasksMove() {
        let nodes = [node("a", .failed), node("b", .queued, ["a"]), node("c", .running, ["a"]), node("d", .success, ["a"]),
                     node("e", .upForRetry, ["a"])]
        #expect(DagEvaluator.transitions(nodes).isEmpty)
    }

    /// Proves removed and unknown upstreams are ignored rather than waited for.
    @Test func removedAndUnknownUpstreamsIgnored() {
        let nodes = [node("gone", .removed), node("b", .scheduled, ["gone"]), node("c", .scheduled, ["ghost"]),
                     node("d", .scheduled, ["gone", "b"])]
        #expect(outcome(nodes) == ["b": .queued, "c": .queued])
    }

    /// Proves transitions carry the state they were decided from, for guarded writes.
    @Test func transitionsCarryFromState() {
        let t = DagEvaluator.transitions([node("a", .success), node("b", .scheduled, ["a"])])
        #expect(t == [DagTransition("b", from: .scheduled, to: .queued)])
        #expect(t.first?.description == "b: scheduled -> queued")
    }

    /// Proves a long cascade is resolved in one call without quadratic work.
    @Test func longChainCascadesInOneCall() {
        var nodes = [node("t0", .failed)]
        for i in 1..<20_000 { nodes.append(node("t\(i)", .scheduled, ["t\(i - 1)"])) }
        let result = DagEvaluator.transitions(nodes)
        #expect(result.count == 19_999)
        #expect(result.allSatisfy { $0.to == .upstreamFailed })
    }

    /// Proves the run state is nil while any task instance is unfinished.
    @Test func runStateNilWhileUnfinished() {
        #expect(DagEvaluator.runState([node("a", .success), node("b", .running, ["a"])]) == nil)
        #expect(DagEvaluator.runState([node("a", .upForRetry)]) == nil)
        #expect(DagEvaluator.runState([node("a", .scheduled)]) == nil)
    }

    /// Proves an all_done leaf can make a run succeed although a task before it failed.
    @Test func allDoneLeafMakesRunSucceed() {
        let nodes = [node("a", .failed), node("b", .upstreamFailed, ["a"]), node("cleanup", .success, ["b"], .allDone)]
        #expect(DagEvaluator.runState(nodes) == .success)
    }

    /// Proves skipped leaves count as success and failed or upstream_failed leaves fail the run.
    @Test func leafStatesDecideRun() {
        #expect(DagEvaluator.runState([node("a", .success), node("b", .skipped, ["a"])]) == .success)
        #expect(DagEvaluator.runState([node("a", .success), node("b", .failed, ["a"])]) == .failed)
        #expect(DagEvaluator.runState([node("a", .failed), node("b", .upstreamFailed, ["a"])]) == .failed)
        #expect(DagEvaluator.runState([node("a", .success), node("b", .success), node("c", .failed)]) == .failed)
    }

    /// Proves removed task instances take no part in the run state and an empty run succeeds.
    @Test func removedIgnoredAndEmptySucceeds() {
        #expect(DagEvaluator.runState([node("a", .success), node("old", .removed, ["a"])]) == .success)
        #expect(DagEvaluator.runState([node("a", .failed), node("b", .removed, ["a"])]) == .failed)
        #expect(DagEvaluator.runState([node("x", .removed)]) == .success)
        #expect(DagEvaluator.runState([]) == .success)
    }

    /// Proves downstream is transitive and contains a given id only when it depends on another.
    @Test func downstreamIsTransitive() {
        let nodes = [node("extract", .success), node("a", .success, ["extract"]), node("b", .success, ["extract"]),
                     node("load", .success, ["a", "b"]), node("report", .success, ["load"]), node("other", .success)]
        #expect(DagEvaluator.downstream(of: ["extract"], in: nodes) == ["a", "b", "load", "report"])
        #expect(DagEvaluator.downstream(of: ["a"], in: nodes) == ["load", "report"])
        #expect(DagEvaluator.downstream(of: ["report"], in: nodes) == [])
        #expect(DagEvaluator.downstream(of: ["extract", "a"], in: nodes) == ["a", "b", "load", "report"])
        #expect(DagEvaluator.downstream(of: ["nope"], in: nodes) == [])
    }
}
