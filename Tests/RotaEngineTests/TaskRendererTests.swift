import Foundation
import Logging
import RotaCore
import RotaEngine
import RotaStorage
import RotaTesting
import Testing

/// The renderer computes a run's template values once and shares them among the run's tasks;
/// what belongs to one task (its id, its try) must never leak into another's, nor one run's
/// values into another run.
@Suite("Task rendering")
struct TaskRendererTests {
    static let definition = WorkflowDefinition(
        id: "greet", params: [ParamSpec(name: "who", type: .string, defaultValue: .string("nobody"))],
        tasks: ["a", "b", "c"].map {
            WorkflowTask(id: $0, executor: "shell", config: ["command": "echo {{ task.id }} {{ params.who }} {{ ds }}"])
        })

    static func claimAll(_ source: LocalWorkSource) async throws -> [String: TaskSpec] {
        var specs: [String: TaskSpec] = [:]
        let deadline = Date().addingTimeInterval(30)
        while specs.count < 3, Date() < deadline {
            for claimed in try await source.claim(node: "n", limit: 3) { specs[claimed.task.taskId] = claimed.task.spec }
        }
        return specs
    }

    @Test(arguments: StoreBackend.allCases)
    func tasksOfOneRunShareItsValuesButKeepTheirOwnIdAndTry(_ backend: StoreBackend) async throws {
        let test = try await backend.makeStore()
        defer { Task { await test.dispose() } }
        let now = Date()
        let text = String(decoding: try JSONEncoder().encode(Self.definition), as: UTF8.self)
        _ = try await test.store.workflowUpsert(WorkflowUpsertParams(
            name: "greet", kind: .dag, definition: text, version: "v1", disabled: false, parent: "", now: now))
        try await test.store.workflowVersionSave(workflow: "greet", version: "v1", definition: text, now: now)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let engine = Engine(store: test.store, node: "n", logger: logger)
        let source = LocalWorkSource(engine: engine)
        let days = [("2026-03-01", "ann"), ("2026-03-02", "bob")]
        for (index, (day, who)) in days.enumerated() {
            let logical = RFC3339.parse(day + "T00:00:00Z")!
            try await engine.startRun(of: Self.definition, version: "v1", trigger: .manual, logicalDate: logical,
                                      interval: nil, runKey: "manual__\(index)", conf: #"{"who": "\#(who)"}"#)
            let specs = try await Self.claimAll(source)
            #expect(specs.count == 3)
            for (taskId, spec) in specs {
                #expect(spec.config["command"] == "echo '\(taskId)' '\(who)' '\(day)'")
                #expect(spec.environment["ROTA_TASK_ID"] == taskId)
                #expect(spec.environment["ROTA_TRY_NUMBER"] == "1")
                #expect(spec.environment["ROTA_PARAM_WHO"] == who)
                #expect(spec.environment["ROTA_DS"] == day)
                #expect(spec.environment["ROTA_RUN_ID"] == "manual__\(index)")
            }
        }
    }
}
