import Foundation
import Hummingbird
import RotaCore
import RotaEngine
import RotaStorage

/// Airflow 3's stable REST API (`/api/v2`, plus `/auth/token`), enough of it for the official
/// `apache-airflow-client` 3.x to list, pause, trigger and follow workflows, read logs, clear
/// and mark task instances, and manage pools. Every route is declared in this one function.
///
/// Responses follow Airflow's pydantic models field for field (the client validates them
/// strictly); errors are `{"detail": …}` with Airflow's wording, validation errors FastAPI's 422
/// list. Where Rota's model differs, `docs/api.md` ("Airflow REST API") lists what changes.
struct AirflowRoutes {
    let catalog: WorkflowCatalog
    let store: any Store
    /// Reported by `GET /api/v2/version`.
    let version: String
    /// Non-nil when auth is on: `/auth/token` then checks the password as an API token.
    var authenticator: Authenticator? = nil

    func register(on router: Router<RotaRequestContext>) {
        // Added before these routes, so it wraps them, and the router's not-found answer as well.
        router.add(middleware: AirflowErrorMiddleware(prefixes: ["/api/v2/", "/auth/"]))
        let auth = router.group("auth")
        auth.post("token") { request, _ in try await token(request) }
        auth.get("token") { request, _ in
            if authenticator != nil { throw APIError(.unauthorized, "POST a Rota API token as the password to /auth/token") }
            return try Self.issueToken(request)
        }
        auth.post("token/cli") { request, _ in try await token(request) }

        let v2 = router.group("api/v2")
        v2.get("monitor/health") { request, _ in try await health(request) }
        v2.get("version") { request, _ in
            try JSONResponse.make(["version": version, "git_version": nil as String?], request: request)
        }

        v2.get("dags") { request, _ in try await listDAGs(request) }
        v2.get("dags/:dag_id") { request, context in try await getDAG(request, try context.path("dag_id"), details: false) }
        v2.get("dags/:dag_id/details") { request, context in try await getDAG(request, try context.path("dag_id"), details: true) }
        v2.patch("dags/:dag_id") { request, context in try await patchDAG(request, try context.path("dag_id")) }
        v2.get("dags/:dag_id/tasks") { request, context in try await listTasks(request, try context.path("dag_id")) }
        v2.get("dags/:dag_id/tasks/:task_id") { request, context in
            try await getTask(request, try context.path("dag_id"), try context.path("task_id"))
        }
        v2.get("dagSources/:dag_id") { request, context in try await getSource(request, try context.path("dag_id")) }

        v2.get("dags/:dag_id/dagRuns") { request, context in try await listRuns(request, try context.path("dag_id")) }
        v2.post("dags/:dag_id/dagRuns") { request, context in try await triggerRun(request, try context.path("dag_id")) }
        v2.get("dags/:dag_id/dagRuns/:run_id") { request, context in
            try await getRun(request, try context.path("dag_id"), try context.path("run_id"))
        }
        v2.patch("dags/:dag_id/dagRuns/:run_id") { request, context in
            try await patchRun(request, try context.path("dag_id"), try context.path("run_id"))
        }
        v2.post("dags/:dag_id/dagRuns/:run_id/clear") { request, context in
            try await clearRun(request, try context.path("dag_id"), try context.path("run_id"))
        }

        let tis = "dags/:dag_id/dagRuns/:run_id/taskInstances"
        v2.get(RouterPath(tis)) { request, context in
            try await listTaskInstances(request, try context.path("dag_id"), try context.path("run_id"))
        }
        v2.get(RouterPath(tis + "/:task_id")) { request, context in
            try await getTaskInstance(request, try context.path("dag_id"), try context.path("run_id"), try context.path("task_id"))
        }
        v2.patch(RouterPath(tis + "/:task_id")) { request, context in
            try await patchTaskInstance(request, try context.path("dag_id"), try context.path("run_id"), try context.path("task_id"),
                                        dryRun: false)
        }
        v2.patch(RouterPath(tis + "/:task_id/dry_run")) { request, context in
            try await patchTaskInstance(request, try context.path("dag_id"), try context.path("run_id"), try context.path("task_id"),
                                        dryRun: true)
        }
        v2.get(RouterPath(tis + "/:task_id/tries")) { request, context in
            try await listTries(request, try context.path("dag_id"), try context.path("run_id"), try context.path("task_id"))
        }
        v2.get(RouterPath(tis + "/:task_id/logs/:try_number")) { request, context in
            try await getLog(request, try context.path("dag_id"), try context.path("run_id"), try context.path("task_id"),
                             try context.path("try_number"))
        }
        v2.post("dags/:dag_id/clearTaskInstances") { request, context in try await clearTaskInstances(request, try context.path("dag_id")) }

        v2.get("pools") { request, _ in try await listPools(request) }
        v2.post("pools") { request, _ in try await createPool(request) }
        v2.get("pools/:pool_name") { request, context in try await getPool(request, try context.path("pool_name")) }
        v2.patch("pools/:pool_name") { request, context in try await patchPool(request, try context.path("pool_name")) }
        v2.delete("pools/:pool_name") { _, context in try await deletePool(try context.path("pool_name")) }

        v2.get("importErrors") { request, _ in try await listImportErrors(request) }
        v2.get("importErrors/:import_error_id") { request, context in
            try await getImportError(request, try context.path("import_error_id"))
        }
    }
}
