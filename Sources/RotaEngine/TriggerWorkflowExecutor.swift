import Foundation
import RotaCore
import RotaStorage
import RotaWorker

/// The `trigger_workflow` task: starts a run of another workflow (Airflow's TriggerDagRunOperator),
/// optionally waiting until it ends and succeeding only if it succeeded.
public struct TriggerWorkflowExecutor: TaskExecutor {
    let catalog: WorkflowCatalog
    /// How often a waiting task looks at the triggered run.
    let pollInterval: Duration

    public init(catalog: WorkflowCatalog, pollInterval: Duration = .milliseconds(500)) {
        self.catalog = catalog
        self.pollInterval = pollInterval
    }

    public func execute(_ request: ExecutionRequest, output: OutputCollector) async -> ExecutionResult {
        let config = request.spec.config
        guard let target = config["workflow"], !target.isEmpty else {
            return ExecutionResult(succeeded: false, exitCode: nil, reason: "trigger_workflow: no workflow named")
        }
        let run: RunRecord
        do {
            let conf = try config["conf"].flatMap { $0.isEmpty ? nil : try JSONValue.parse(Data($0.utf8)) }
            run = try await catalog.trigger(target, conf: conf)
        } catch {
            output.append("rota: could not trigger \(target): \(error)\n")
            return ExecutionResult(succeeded: false, exitCode: nil, reason: "could not trigger \(target): \(error)")
        }
        output.append("triggered \(target) run \(run.runKey)\n")
        guard config["wait"] == "true" else { return ExecutionResult(succeeded: true, exitCode: nil) }
        while !Task.isCancelled {
            try? await Task.sleep(for: pollInterval)
            guard let current = try? await catalog.store.runGet(id: run.id) else { continue }
            if current.state.isFinal {
                output.append("\(target) run \(run.runKey) ended \(current.state.rawValue)\n")
                return ExecutionResult(succeeded: current.state == .success, exitCode: nil,
                                       reason: current.state == .success ? "" : "\(target) run \(run.runKey) \(current.state.rawValue)")
            }
        }
        return ExecutionResult(succeeded: false, exitCode: nil, reason: "interrupted while waiting for \(target)", interrupted: true)
    }
}
