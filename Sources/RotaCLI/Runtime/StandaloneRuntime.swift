import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import RotaCore
import RotaEngine
import RotaHTTP
import RotaLuigi
import RotaNotify
import RotaStorage
import RotaWorker
import ServiceLifecycle

/// `rota standalone` and `rota server`: the Store, the engine, an in-process worker pool and the
/// API in one process, started in dependency order and stopped in reverse by one ServiceGroup.
///
/// Standalone is always the leader and owns every running task, so it recovers them all at start.
/// A server takes the leader's duties (timer, SLA monitor, retention, zombie reaper) only while it
/// holds the leader lease, and recovers only its own tasks: other servers' tasks are theirs, or
/// the reaper's when they stop heartbeating.
struct StandaloneRuntime {
    let settings: RotaSettings
    let logger: Logger
    var mode: Mode = .standalone

    enum Mode { case standalone, server }

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
        let (secrets, secretProblems) = SecretValues.load(environment: ProcessInfo.processInfo.environment,
                                                          directory: settings.resolvedSecretsDir)
        for problem in secretProblems { logger.warning("secret skipped or weak", metadata: ["rota.problem": "\(problem)"]) }
        if !secrets.isEmpty { logger.info("secrets loaded", metadata: ["rota.secrets": "\(secrets.names.joined(separator: ", "))"]) }
        let engine = Engine(store: store, node: settings.nodeName, logger: logger, notifier: notifier,
                            jobWebhooks: settings.jobWebhooks, secrets: secrets)
        _ = try await engine.recoverInterrupted(node: mode == .standalone ? nil : settings.nodeName)
        let scheduler = CronScheduler(engine: engine, logger: logger)
        let catalog = JobCatalog(engine: engine, scheduler: scheduler)
        let workflows = WorkflowCatalog(engine: engine, scheduler: scheduler)
        await loadJobFiles(into: catalog)
        let watcher = WorkflowFileWatcher(folder: settings.dagsDir, catalog: workflows, logger: logger)
        await watcher.scan()

        let pool = WorkerPool(
            configuration: .init(node: settings.nodeName, capacity: settings.workers, outputLimit: settings.outputLimit),
            source: LocalWorkSource(engine: engine, ceiling: mode == .standalone ? .seconds(30) : .seconds(1),
                                    tags: MemberHeartbeat.tags),
            executors: ExecutorRegistry(["shell": ShellExecutor(outputLimit: settings.outputLimit), "http": HTTPExecutor(client: http),
                                         "trigger_workflow": TriggerWorkflowExecutor(catalog: workflows)]
                                        .merging(NoopExecutor.benchRegistration()) { builtIn, _ in builtIn }),
            logger: logger)
        let duties = LeaderDuties(scheduler: scheduler, sla: SLAMonitor(engine: engine, notifier: notifier),
                                  retention: RetentionService(store: store, keepPerJob: settings.retentionRuns,
                                                              days: settings.retentionDays, logger: logger),
                                  reaper: ZombieReaper(engine: engine, cluster: store, timeout: .seconds(settings.zombieTimeout),
                                                       logger: logger))
        let elector = mode == .standalone ? nil
            : LeaderElector(store: store, node: settings.nodeName, logger: logger) { missedSince in await duties.run(missedSince: missedSince) }
        let leadership: any Service = elector ?? duties.alwaysLeader()
        let node = NodeInfo(name: settings.nodeName, address: settings.host, port: settings.port, version: Rota.version,
                            isLeader: { elector?.isLeader ?? true })
        let settings = self.settings
        let storeDescription = StoreFactory.describe(settings)
        let luigi = LuigiScheduler(store: store, config: settings.luigi, logger: logger)
        try await luigi.load()
        let tls = try settings.tlsCert.map { cert in
            do { return try TLSFiles.load(certificate: cert, key: settings.tlsKey ?? "") } catch let error as RotaError {
                throw ValidationError(error.message)
            }
        }
        let authenticator = settings.auth ? try await Self.authenticator(store, logger: logger, secureCookies: tls != nil) : nil
        let api = APIServer.make(catalog: catalog, workflows: workflows, node: node, host: settings.host, port: settings.port,
                                 registry: registry, logger: logger, luigi: luigi, authenticator: authenticator, tls: tls) { port in
            print("rota \(mode == .standalone ? "standalone" : "server") listening on \(tls == nil ? "http" : "https")://\(settings.host):\(port) (store: \(storeDescription))")
            fflush(nil)
        }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: NotifierService(notifier: notifier)),
            .init(service: MemberHeartbeat(cluster: store, node: settings.nodeName, address: "\(settings.host):\(settings.port)",
                                           capacity: settings.workers, logger: logger)),
            .init(service: leadership),
            .init(service: WorkAnnouncementRelay(engine: engine), successTerminationBehavior: .ignore),
            .init(service: watcher),
            .init(service: LuigiPruneService(luigi: luigi, logger: logger)),
            .init(service: MemoryTrimmer(), successTerminationBehavior: .ignore),
        ]
        if settings.workers > 0 { services.append(.init(service: WorkerPoolService(pool: pool))) }
        services.append(.init(service: api))
        let group = ServiceGroup(configuration: .init(
            services: services + luigiListener(luigi, authenticator: authenticator),
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

    /// With `--auth`: the key that signs browser sessions, and a hint when no token exists yet.
    static func authenticator(_ store: SQLStore, logger: Logger, secureCookies: Bool) async throws -> Authenticator {
        let authenticator = try await Authenticator.make(store: store, secureCookies: secureCookies)
        if try await store.tokenList().allSatisfy({ !$0.isActive(at: Date()) }) {
            logger.warning("authentication is on but no token exists: create one with `rota tokens create --name admin --role admin`")
        }
        return authenticator
    }

    /// The luigid-port listener, unless `luigi_port` is 0.
    private func luigiListener(_ luigi: LuigiScheduler, authenticator: Authenticator?) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        guard settings.luigiPort != 0 else { return [] }
        let host = settings.host
        return [.init(service: LuigiListener(scheduler: luigi, host: host, port: settings.luigiPort, logger: logger,
                                             authenticator: authenticator) { port in
            print("rota luigi scheduler at http://\(host):\(port)/ (for luigi --scheduler-url)")
            fflush(nil)
        })]
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
