import Foundation
import Testing
import RotaCore
import RotaFiles

/// The example workflows run end to end on this machine: the trigger-rule evaluation decides,
/// each queued task's rendered command runs under /bin/sh, until the run is final.
@Suite(.serialized) struct ExampleRunSimulationTests {
    static let dags = WorkflowFileTestSupport.root + "/examples/dags/"

    /// What one simulated run ended with.
    struct Outcome {
        var states: [String: TaskState]
        var run: RunState?
    }

    /// Drives a run: evaluate, run what is queued (or skip it when all its outputs exist), repeat.
    static func simulate(_ w: WorkflowDefinition, logicalDate: Date) throws -> Outcome {
        var states = Dictionary(uniqueKeysWithValues: w.tasks.map { ($0.id, TaskState.scheduled) })
        func nodes() -> [DagNode] {
            w.tasks.map { DagNode($0.id, state: states[$0.id]!, upstream: $0.upstream, triggerRule: $0.triggerRule) }
        }
        for _ in 0..<(w.tasks.count * 2 + 2) {
            for transition in DagEvaluator.transitions(nodes()) { states[transition.taskId] = transition.to }
            let queued = w.tasks.filter { states[$0.id] == .queued }
            if queued.isEmpty { break }
            for task in queued {
                let context = TemplateContext(dagId: w.id, taskId: task.id, runId: "scheduled__test", logicalDate: logicalDate,
                                              runAfter: logicalDate, timeZone: w.timeZone, params: w.resolvedParams())
                let outputs = task.outputs.map { Template.render($0, context: context, mode: .raw) }
                if !outputs.isEmpty, outputs.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) {
                    states[task.id] = .skipped
                    continue
                }
                let command = Template.render(task.config["command"] ?? "", context: context, mode: .shell)
                let env = task.environment.merging(Template.environmentVariables(context)) { $1 }
                states[task.id] = try runShell(command, environment: env) == 0 ? .success : .failed
            }
        }
        return Outcome(states: states, run: DagEvaluator.runState(nodes()))
    }

    static func runShell(_ command: String, environment: [String: String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    static let day = RFC3339.parse("1999-12-31T00:00:00Z")!

    /// Proves every trigger rule of trigger_rules.yaml fires as its comment says, every task ends
    /// final, and the run fails because of its upstream_failed leaf.
    @Test func triggerRulesExampleEndsAsDocumented() throws {
        let w = try WorkflowFileLoader.load(path: Self.dags + "trigger_rules.yaml").get()
        #expect(Set(w.tasks.map(\.triggerRule)) == Set(TriggerRule.allCases))
        let outcome = try Self.simulate(w, logicalDate: Self.day)
        var expected = Dictionary(uniqueKeysWithValues: w.tasks.map { ($0.id, TaskState.success) })
        expected["bad"] = .failed
        expected["skipped_src"] = .skipped
        expected["all_success_blocked"] = .upstreamFailed
        expected["none_skipped_blocked"] = .skipped
        #expect(outcome.states == expected)
        #expect(outcome.run == .failed)
    }

    /// Proves the diamond and the fan-out examples run to success.
    @Test(arguments: ["etl_diamond.yaml", "fan_out_fan_in.yaml"])
    func exampleRunsToSuccess(file: String) throws {
        let w = try WorkflowFileLoader.load(path: Self.dags + file).get()
        let outcome = try Self.simulate(w, logicalDate: Self.day)
        #expect(outcome.states.values.allSatisfy { $0 == .success })
        #expect(outcome.run == .success)
    }

    /// Proves the Luigi example writes its outputs on the first run and skips the producers on the
    /// second, while the tasks after them still run and the run succeeds.
    @Test func luigiExampleSkipsCompleteTasksOnSecondRun() throws {
        let w = try WorkflowFileLoader.load(path: Self.dags + "luigi_outputs.yaml").get()
        let files = ["raw-1999-12-31.txt", "summary-1999-12-31.txt", "done-1999-12-31"]
            .map { "/tmp/rota-example-outputs/" + $0 }
        defer { for file in files { try? FileManager.default.removeItem(atPath: file) } }
        for file in files { try? FileManager.default.removeItem(atPath: file) }

        let first = try Self.simulate(w, logicalDate: Self.day)
        #expect(first.states.values.allSatisfy { $0 == .success })
        #expect(files.allSatisfy { FileManager.default.fileExists(atPath: $0) })

        let second = try Self.simulate(w, logicalDate: Self.day)
        #expect(second.states == ["prepare": .success, "make_raw": .skipped, "make_summary": .skipped, "mark_done": .skipped])
        #expect(second.run == .success)
    }
}
