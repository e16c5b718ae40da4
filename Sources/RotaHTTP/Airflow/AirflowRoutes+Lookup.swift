import Foundation
import Hummingbird
import RotaCore
import RotaEngine
import RotaStorage

/// Finding the DAG, run and task instance a path names, with Airflow's 404 messages.
extension AirflowRoutes {
    /// - Throws: `APIError` 404 (`message` lets a route keep Airflow's own wording).
    func workflow(_ dagId: String, notFound message: ((String) -> APIError)? = nil) async throws -> WorkflowView {
        do {
            return try await catalog.get(dagId)
        } catch let error as RotaError where error.code == .notFound {
            throw message?(dagId) ?? AirflowMessage.dagNotFound(dagId)
        }
    }

    func run(_ dagId: String, _ runId: String) async throws -> RunRecord {
        guard let run = try await store.runGetByKey(workflow: dagId, runKey: runId) else {
            throw AirflowMessage.runNotFound(dagId, runId)
        }
        return run
    }

    func taskInstance(_ run: RunRecord, _ taskId: String) async throws -> TaskInstanceRecord {
        guard let task = try await store.runTaskInstances(runId: run.id).first(where: { $0.taskId == taskId }) else {
            throw AirflowMessage.taskInstanceNotFound(run.workflow, run.runKey, taskId)
        }
        return task
    }

    /// Every DAG by id (jobs are not DAGs: they stay on the Dkron API).
    func workflowsById() async throws -> [String: WorkflowView] {
        Dictionary(try await catalog.list().map { ($0.definition.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The runs of one DAG, or of every DAG for `~`, unsorted and unpaged (retention bounds them).
    func runs(of dagId: String, states: [RunState] = []) async throws -> [RunRecord] {
        let workflow = dagId == "~" ? nil : dagId
        let runs = try await store.runList(RunListParams(workflow: workflow, states: states, offset: 0, limit: 1_000_000)).runs
        if workflow != nil { return runs }
        let dags = Set(try await catalog.list().map(\.definition.id))
        return runs.filter { dags.contains($0.workflow) }
    }

    /// Wakes the workers after a change that may have made task instances ready.
    func wakeWorkers() { catalog.engine.workAvailable.signal() }

    var now: Date { catalog.engine.clock.now() }
}
