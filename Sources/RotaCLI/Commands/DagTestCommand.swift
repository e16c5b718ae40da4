import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import RotaCore
import RotaEngine
import RotaFiles
import RotaStorage
import RotaStorageSQLite
import RotaWorker

/// `rota dags test ID|FILE`: Airflow's `dags test`. Runs one run of a workflow in this process,
/// on a throwaway SQLite store, printing each task's output as it finishes. Needs no server.
struct DagTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test", abstract: "Run one run of a workflow in-process and print each task's output.")

    @Argument(help: "A workflow file, or a workflow id found in --dags-dir.") var target: String
    @Option(help: "Folder searched for the workflow id (default ./dags).") var dagsDir = "./dags"
    @Option(help: "A JSON object passed as the run's conf.") var conf: String?
    @Option(help: "The run's logical date (RFC 3339); default now.") var logicalDate: String?

    func run() async throws {
        let definition = try Self.find(target, in: dagsDir)
        var logger = Logger(label: "rota.test")
        logger.logLevel = .warning
        let folder = NSTemporaryDirectory() + "rota-dags-test-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try SQLStore.sqlite(path: folder + "/rota.sqlite")
        _ = try await store.schemaMigrate()
        let engine = Engine(store: store, node: "dags-test", logger: logger)
        let catalog = WorkflowCatalog(engine: engine, scheduler: CronScheduler(engine: engine, logger: logger))
        try await catalog.upsert(definition, source: target)
        var confValue: JSONValue?
        if let conf {
            do { confValue = try JSONValue.parse(Data(conf.utf8)) } catch { throw ValidationError("--conf: \(error.message)") }
        }
        let run = try await catalog.trigger(definition.id, conf: confValue, logicalDate: logicalDate.flatMap(RFC3339.parse))
        print("testing \(definition.id), run \(run.runKey)")
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        var executors = ExecutorRegistry.builtIn(http: HTTPExecutor(client: http))
        executors.register("trigger_workflow", TriggerWorkflowExecutor(catalog: catalog))
        let pool = WorkerPool(configuration: .init(node: "dags-test", capacity: 4, outputFlushInterval: .seconds(1)),
                              source: LocalWorkSource(engine: engine), executors: executors, logger: logger)
        let worker = Task { await pool.run() }
        let state = try await report(store: store, runId: run.id)
        pool.shutdown()
        worker.cancel()
        await worker.value
        try? await http.shutdown()
        await store.close()
        print("run \(run.runKey) \(state.rawValue)")
        if state != .success { throw ExitCode(1) }
    }

    /// Prints each task's attempts as they end, until the run is final.
    private func report(store: SQLStore, runId: Int64) async throws -> RunState {
        var printed: Set<Int64> = []
        while true {
            for task in try await store.runTaskInstances(runId: runId) {
                for attempt in try await store.taskAttempts(taskInstanceId: task.id)
                where attempt.state != .running && !printed.contains(attempt.id) {
                    printed.insert(attempt.id)
                    let reason = attempt.reason.isEmpty ? "" : " (\(attempt.reason))"
                    print("--- \(task.taskId) try \(attempt.attempt): \(attempt.state.rawValue)\(reason)")
                    if !attempt.output.isEmpty { print(attempt.output, terminator: attempt.output.hasSuffix("\n") ? "" : "\n") }
                }
                if task.state.isFinal, task.tryNumber == 0, !printed.contains(-task.id) {
                    printed.insert(-task.id)
                    print("--- \(task.taskId): \(task.state.rawValue)")
                }
            }
            if let run = try await store.runGet(id: runId), run.state.isFinal { return run.state }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// A file path, or the file in `folder` whose workflow has this id.
    static func find(_ target: String, in folder: String) throws -> WorkflowDefinition {
        if FileManager.default.fileExists(atPath: target) {
            let loaded: Result<WorkflowDefinition, WorkflowFileErrors> = WorkflowFileLoader.load(path: target)
            switch loaded {
            case .success(let definition): return definition
            case .failure(let errors): throw ValidationError("\(errors)")
            }
        }
        for file in WorkflowFileWatcher.files(in: folder) {
            if case .success(let definition) = WorkflowFileLoader.load(path: file), definition.id == target { return definition }
        }
        throw ValidationError("no workflow \"\(target)\": not a file, and no file in \(folder) defines that id")
    }
}
