import Foundation
import Hummingbird
import Logging
import RotaLuigi
import ServiceLifecycle

/// The luigid-compatible listener (default port 8082), so luigi workers need no configuration.
///
/// A second Hummingbird application beside Rota's main one. If its port is taken (another luigid,
/// or a second Rota on the host) Rota keeps running and logs why: luigi stays reachable at
/// `/luigi/api` on the main port, and the Dkron/Airflow faces are not taken down with it.
public struct LuigiListener: Service {
    let scheduler: LuigiScheduler
    let host: String
    let port: Int
    let logger: Logger
    let onRunning: @Sendable (Int) async -> Void
    /// With auth on, luigi workers authenticate with HTTP basic auth whose password is an
    /// operator token (`--scheduler-url http://luigi:<token>@host:8082/`).
    let authenticator: Authenticator?

    public init(scheduler: LuigiScheduler, host: String, port: Int, logger: Logger, authenticator: Authenticator? = nil,
                onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) {
        self.authenticator = authenticator
        self.scheduler = scheduler
        self.host = host
        self.port = port
        self.logger = logger
        self.onRunning = onRunning
    }

    public func run() async throws {
        let router = Router(context: RotaRequestContext.self)
        if let authenticator {
            router.add(middleware: APIMiddleware(nodeName: "luigi"))
            router.add(middleware: AuthMiddleware(authenticator: authenticator, audit: nil, clock: { Date() }, requirement: .role(.operator)))
        }
        LuigiRoutes(scheduler: scheduler).register(on: router, prefix: "")
        router.head("/") { _, _ in Response(status: .noContent) }
        router.get("/") { _, _ in "rota: luigi central scheduler (RPC at /api/<method>)\n" }
        let app = Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "rota-luigi"),
                              onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
                              logger: logger)
        do {
            try await app.run()
        } catch {
            logger.error("luigi listener not started; luigi stays reachable at /luigi/api on the main port",
                         metadata: ["rota.error": "\(error)", "rota.luigi.port": "\(port)"])
            try? await gracefulShutdown()
        }
    }
}
