import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import Prometheus
import RotaEngine
import RotaLuigi
import RotaStorage

/// Builds the HTTP application: the web UI at `/` and `/ui`, Dkron's API under `/v1`, Airflow's
/// under `/api/v2` (and `/auth/token`), Rota's own under `/rota/v1`, `/health` and `/metrics`.
///
/// The result is a ServiceLifecycle `Service`; `rota standalone` puts it in its ServiceGroup.
/// `workflows` defaults to a catalog over the same engine and timer as `catalog` (a
/// `WorkflowCatalog` holds nothing else), so passing one is optional.
public enum APIServer {
    public static func make(catalog: JobCatalog, workflows: WorkflowCatalog? = nil, node: NodeInfo, host: String, port: Int,
                            registry: PrometheusCollectorRegistry, logger: Logger, luigi: LuigiScheduler? = nil,
                            authenticator: Authenticator? = nil, tls: TLSConfiguration? = nil,
                            onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router(context: RotaRequestContext.self)
        router.add(middleware: APIMiddleware(nodeName: node.name))
        let clock: @Sendable () -> Date = { catalog.engine.clock.now() }
        router.add(middleware: AuthMiddleware(authenticator: authenticator, audit: catalog.engine.store as? any AuthStore, clock: clock))
        DkronRoutes(catalog: catalog, node: node, luigi: luigi).register(on: router)
        HealthRoutes(engine: catalog.engine, registry: registry).register(on: router)
        OpenAPIRoutes().register(on: router)
        let workflowCatalog = workflows ?? WorkflowCatalog(engine: catalog.engine, scheduler: catalog.scheduler)
        AirflowRoutes(catalog: workflowCatalog, store: catalog.engine.store, version: node.version, authenticator: authenticator)
            .register(on: router)
        WorkflowUploadRoutes(catalog: workflowCatalog).register(on: router)
        WorkflowBackfillRoutes(catalog: workflowCatalog).register(on: router)
        SchedulePreviewRoutes(clock: { catalog.engine.clock.now() }).register(on: router)
        let web = WebRoutes(jobs: catalog, workflows: workflowCatalog, nodeName: node.name, luigi: luigi)
        web.register(on: router)
        LoginRoutes(authenticator: authenticator, web: web, clock: clock).register(on: router)
        if let audit = catalog.engine.store as? any AuthStore { AuditRoutes(store: audit).register(on: router) }
        if let cluster = catalog.engine.store as? any ClusterStore {
            WorkerRoutes(engine: catalog.engine, cluster: cluster).register(on: router)
        }
        if let luigi {
            LuigiRoutes(scheduler: luigi).register(on: router, prefix: "luigi")
            LuigiHistoryRoutes(scheduler: luigi).register(on: router)
        }
        var server = HTTPServerBuilder.http1()
        if let tls, let secured = try? HTTPServerBuilder.tls(.http1(), tlsConfiguration: tls) { server = secured }
        return Application(router: router, server: server, configuration: .init(address: .hostname(host, port: port), serverName: "rota"),
                           onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
                           logger: logger)
    }
}
