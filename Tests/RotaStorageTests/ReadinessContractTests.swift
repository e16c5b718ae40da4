import Foundation
import RotaCore
@testable import RotaStorage
import RotaTesting
import Testing

/// The Store's incremental readiness (each finish counts down its downstream's open upstreams and
/// decides from the state that arrived) must decide exactly what the pure `DagEvaluator` decides
/// over the whole run, whatever the shape, the trigger rules, the outcomes and the clears.
@Suite("Incremental readiness")
struct ReadinessContractTests {
    typealias Runs = WorkflowRunContractTests

    /// A random DAG: each task takes up to four upstreams among the tasks before it, sometimes
    /// many (a fan-in), with a random trigger rule.
    static func randomDag(_ random: inout FuzzRandom) -> [RunCreateParams.Task] {
        let count = random.int(4...14)
        var tasks: [RunCreateParams.Task] = []
        for i in 0..<count {
            var upstream: [String] = []
            if i > 0 {
                let wide = random.chance(15)
                for _ in 0..<(wide ? i : random.int(0...min(4, i))) {
                    upstream.append("t\(random.int(0..<i))")
                }
            }
            let rule = random.chance(50) ? "all_success" : random.pick(TriggerRule.allCases).rawValue
            tasks.append(Runs.task("t\(i)", Array(Set(upstream)).sorted(), rule: rule))
        }
        return tasks
    }

    /// What the whole-run evaluation makes of `states` after a change: the expected states.
    static func evaluated(_ tasks: [RunCreateParams.Task], _ states: [String: TaskState]) -> [String: TaskState] {
        let nodes = tasks.map { DagNode($0.taskId, state: states[$0.taskId]!, upstream: $0.upstream,
                                        triggerRule: TriggerRule(rawValue: $0.triggerRule)!) }
        var next = states
        for transition in DagEvaluator.transitions(nodes) { next[transition.taskId] = transition.to }
        return next
    }

    @Test(arguments: StoreBackend.allCases)
    func finishesAndClearsDecideAsTheWholeRunEvaluationWould(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await Runs.addDag(store, "random")
            var random = FuzzRandom(seed: 20261126)
            for round in 0..<25 {
                let tasks = Self.randomDag(&random)
                let run = try await Runs.createRun(store, "random", "r\(round)", tasks)
                if round % 3 == 2 {
                    // As a run created before migration 10 left it: no downstream lists, no counts.
                    _ = try await store.db.write { conn in
                        try await conn.query("UPDATE task_instances SET downstream = NULL, open_upstreams = 0 WHERE run_id = ?",
                                             .int(run.id))
                    }
                }
                var expected = Self.evaluated(tasks, Dictionary(uniqueKeysWithValues: tasks.map { ($0.taskId, .scheduled) }))
                #expect(try await Runs.states(store, run) == expected, "round \(round): at creation")
                var clears = 2
                while true {
                    var claimed = try await claim(store, limit: 100)
                    if claimed.isEmpty {
                        // Everything final: clear a random task (with or without its downstream) a few times.
                        guard clears > 0 else { break }
                        clears -= 1
                        let target = random.pick(tasks).taskId
                        let withDownstream = random.chance(50)
                        _ = try await store.taskClear(TaskClearParams(runId: run.id, taskIds: [target],
                                                                      includeDownstream: withDownstream, onlyFailed: false, now: t0))
                        var selected: Set<String> = [target]
                        if withDownstream {
                            let nodes = tasks.map { DagNode($0.taskId, state: expected[$0.taskId]!, upstream: $0.upstream) }
                            selected.formUnion(DagEvaluator.downstream(of: [target], in: nodes))
                        }
                        for id in selected { expected[id] = .scheduled }
                        expected = Self.evaluated(tasks, expected)
                        #expect(try await Runs.states(store, run) == expected, "round \(round): after clearing \(target)")
                        continue
                    }
                    for task in claimed { expected[task.task.taskId] = .running }
                    claimed.shuffle(using: &random)
                    for task in claimed {
                        let ok = random.chance(75)
                        try await finish(store, task, ok: ok)
                        expected[task.task.taskId] = ok ? .success : .failed
                        expected = Self.evaluated(tasks, expected)
                        #expect(try await Runs.states(store, run) == expected,
                                "round \(round): after \(task.task.taskId) \(ok ? "succeeded" : "failed")")
                    }
                }
                let finalRun = try await store.runGet(id: run.id)
                let nodes = tasks.map { DagNode($0.taskId, state: expected[$0.taskId]!, upstream: $0.upstream) }
                #expect(finalRun?.state.rawValue == DagEvaluator.runState(nodes)?.rawValue, "round \(round): the run's state")
            }
        }
    }

    /// A 1 → 120 → 1 fan-in releases its sink only with the last middle task, and a one_success
    /// join with the first (the count it keeps is a lower bound: never early, never late).
    @Test(arguments: StoreBackend.allCases)
    func aWideFanInReleasesItsJoinWithTheLastUpstreamOnly(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await Runs.addDag(store, "fan")
            let middle = (0..<120).map { "m\($0)" }
            let run = try await Runs.createRun(store, "fan", "r1", [Runs.task("source")] + middle.map { Runs.task($0, ["source"]) }
                + [Runs.task("sink", middle), Runs.task("early", middle, rule: "one_success")])
            try await finish(store, try await claim(store)[0], ok: true)
            var finished = 0
            while finished < 120 {
                for task in try await claim(store, limit: 50) where task.task.taskId.hasPrefix("m") {
                    try await finish(store, task, ok: true)
                    finished += 1
                    let states = try await Runs.states(store, run)
                    #expect(states["early"] != .scheduled, "one_success is released by the first success")
                    #expect((states["sink"] == .scheduled) == (finished < 120), "after \(finished) of 120")
                }
            }
            #expect(try await Runs.states(store, run)["sink"] == .queued)
        }
    }

    /// A finish that made waiting task instances claimable says so, so the engine can wake idle
    /// workers (the finishing worker takes at most one of them with its report); one that released
    /// nothing does not.
    @Test(arguments: StoreBackend.allCases)
    func aFinishThatReleasesWorkSaysSo(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await Runs.addDag(store, "fan")
            _ = try await Runs.createRun(store, "fan", "r1", [Runs.task("source"), Runs.task("a", ["source"]),
                                                              Runs.task("b", ["source"]), Runs.task("join", ["a", "b"])])
            let source = try await finish(store, try await claim(store)[0], ok: true)
            #expect(source?.releasedWork == true)
            let middle = try await claim(store)
            let first = try await finish(store, middle[0], ok: true)
            #expect(first?.releasedWork == false, "the join still waits for the other one")
            let second = try await finish(store, middle[1], ok: true)
            #expect(second?.releasedWork == true)
            let last = try await finish(store, try await claim(store)[0], ok: true)
            #expect(last?.releasedWork == false)
            #expect(last?.runFinished == .success)
        }
    }
}
