import AsyncHTTPClient
import Foundation
import Logging
import RotaCore
import RotaEngine
import RotaHTTP
import RotaNotify
import RotaStorage
import RotaWorker
import ServiceLifecycle

/// `rota standalone`: the Store, the engine, an in-process worker pool and the API in one
/// process, started in dependency order and stopped in reverse by one ServiceGroup.
struct StandaloneRuntime {
    let settings: RotaSettings
    let logger: Logger

    func run() async throws {
        let registry = Bootstrap.metrics()
        let store = try StoreFactory.open(settings, logger: logger)
        do {
            let applied = try await store.schemaMigrate()
            if !applied.isEmpty { logger.info("database migrated", metadata: ["rota.versions": "\(applied)"]) }
        } catch {
            await store.close()
            throw error
        }
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let notifier = Notifier(http: http, smtp: settings.smtp, logger: logger)
        let engine = Engine(store: store, node: settings.nodeName, logger: logger, notifier: notifier,
                            jobWebhooks: settings.jobWebhooks)
        _ = try await engine.recoverInterrupted(node: nil)
        let scheduler = CronScheduler(engine: engine, logger: logger)
        let catalog = JobCatalog(engine: engine, scheduler: scheduler)
        let workflows = WorkflowCatalog(engine: engine, scheduler: scheduler)
        await loadJobFiles(into: catalog)
        let watcher = WorkflowFileWatcher(folder: settings.dagsDir, catalog: workflows, logger: logger)
        await watcher.scan()

        let pool = WorkerPool(
            configuration: .init(node: settings.nodeName, capacity: settings.workers, outputLimit: settings.outputLimit),
            source: LocalWorkSource(engine: engine),
            executors: ExecutorRegistry(["shell": ShellExecutor(outputLimit: settings.outputLimit), "http": HTTPExecutor(client: http),
                                         "trigger_workflow": TriggerWorkflowExecutor(catalog: workflows)]),
            logger: logger)
        let node = NodeInfo(name: settings.nodeName, address: settings.host, port: settings.port, version: Rota.version)
        let settings = self.settings
        let storeDescription = StoreFactory.describe(settings)
        let api = APIServer.make(catalog: catalog, workflows: workflows, node: node, host: settings.host, port: settings.port,
                                 registry: registry, logger: logger) { port in
            print("rota standalone listening on http://\(settings.host):\(port) (store: \(storeDescription))")
            fflush(nil)
        }
        let group = ServiceGroup(configuration: .init(
            services: [
                .init(service: NotifierService(notifier: notifier)),
                .init(service: SLAMonitor(engine: engine, notifier: notifier)),
                .init(service: scheduler),
                .init(service: watcher),
                .init(service: WorkerPoolService(pool: pool)),
                .init(service: RetentionService(store: store, keepPerJob: settings.retentionRuns,
                                                days: settings.retentionDays, logger: logger)),
                .init(service: api),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        do {
            try await group.run()
        } catch {
            try? await http.shutdown()
            await store.close()
            throw error
        }
        try? await http.shutdown()
        await store.close()
        logger.info("rota stopped")
    }

    /// Loads `jobs_dir/*.json|yaml`: a bad file is reported with file, line and field and skipped.
    private func loadJobFiles(into catalog: JobCatalog) async {
        for file in JobFileLoader.files(in: settings.jobsDir) {
            do {
                for job in try JobFileLoader.load(file: file) {
                    _ = try await catalog.upsert(job)
                    logger.info("job loaded", metadata: ["rota.workflow": "\(job.name)", "rota.file": "\(file)"])
                }
            } catch {
                logger.error("job file skipped: \(error)")
            }
        }
    }
}
