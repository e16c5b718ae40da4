import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import RotaCore
import RotaWorker
import ServiceLifecycle

/// `rota worker --server URL`: runs tasks for a server from any host. It claims over HTTP with
/// long polls, streams output, reports results, heartbeats, and on SIGTERM drains: it finishes
/// what it has and takes nothing new.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Run tasks for a Rota server from this host.")

    @Option(help: "The server's URL (also ROTA_SERVER).") var server: String?
    @Option(help: "Join token (a token of role worker) when the server runs with --auth; also ROTA_TOKEN.") var token: String?
    @Option(help: "This worker's name (default: the host name).") var name: String?
    @Option(help: "Tasks run at once (default 4).") var capacity = 4
    @Option(help: "A tag key=value (repeatable), for example role=web: jobs with tags run only on matching workers.") var tag: [String] = []
    @Option(help: "A queue this worker serves (repeatable); default every queue.") var queue: [String] = []
    @Option(help: "Bytes of output kept per execution (default 256000).") var outputLimit = 256_000
    @Option(help: "trace, debug, info, notice, warning, error or critical (default info).") var logLevel = "info"

    func run() async throws {
        guard let url = server ?? ProcessInfo.processInfo.environment["ROTA_SERVER"] else {
            throw ValidationError("--server URL is required (the Rota server this worker runs tasks for)")
        }
        var tags: [String: String] = [:]
        for pair in tag {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { throw ValidationError("--tag \(pair): expected key=value") }
            tags[String(parts[0])] = String(parts[1])
        }
        let workerName = (name ?? ProcessInfo.processInfo.hostName).lowercased()
        let logger = Bootstrap.logging(level: logLevel)
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let source = RemoteWorkSource(server: url, client: http, tags: tags, queues: queue,
                                      token: token ?? ProcessInfo.processInfo.environment["ROTA_TOKEN"].flatMap { $0.isEmpty ? nil : $0 })
        let pool = WorkerPool(configuration: .init(node: workerName, capacity: capacity, outputLimit: outputLimit),
                              source: source,
                              executors: ExecutorRegistry(["shell": ShellExecutor(outputLimit: outputLimit),
                                                           "http": HTTPExecutor(client: http)]),
                              logger: logger)
        let beat = WorkerHeartbeat(source: source, pool: pool, name: workerName, tags: tags, capacity: capacity, logger: logger)
        print("rota worker \(workerName) running tasks for \(url)")
        fflush(nil)
        let group = ServiceGroup(configuration: .init(
            // Shut down in reverse order: the pool drains first while the heartbeat goes on (saying
            // `leaving`), then the heartbeat's last beat says the worker has left.
            services: [.init(service: beat), .init(service: DrainingPoolService(pool: pool) { try? await beat.beat() })],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        try? await http.shutdown()
    }
}

/// Heartbeats every few seconds; the last one says the worker is leaving.
struct WorkerHeartbeat: Service {
    let source: RemoteWorkSource
    let pool: WorkerPool
    let name: String
    let tags: [String: String]
    let capacity: Int
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await beat()
                } catch {
                    logger.warning("heartbeat failed", metadata: ["rota.error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(3))
            }
        }
        try? await source.heartbeat(.init(name: name, address: ProcessInfo.processInfo.hostName, tags: tags,
                                          capacity: capacity, running: pool.runningCount, leaving: true))
    }

    /// One heartbeat; `draining` while the pool finishes its tasks after SIGTERM.
    func beat() async throws {
        try await source.heartbeat(.init(name: name, address: ProcessInfo.processInfo.hostName, tags: tags,
                                         capacity: capacity, running: pool.runningCount, draining: pool.isStopping))
    }
}

/// On SIGTERM the pool stops claiming and lets running tasks finish (a drain), unlike
/// `rota standalone`, which stops them.
struct DrainingPoolService: Service {
    let pool: WorkerPool
    /// Told at once when draining starts (the heartbeat then says `leaving`, so the server stops
    /// holding this worker's long poll open).
    var onDrain: @Sendable () async -> Void = {}

    func run() async throws {
        let task = Task { await pool.run() }
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler { await task.value } onCancel: { task.cancel() }
        } onGracefulShutdown: {
            pool.shutdown()
            Task { await onDrain() }
        }
    }
}
