import ArgumentParser
import Foundation

struct StandaloneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "standalone",
        abstract: "Run everything in one process: store, scheduler, workers, API (zero configuration).")

    @OptionGroup var options: SettingsOptions

    func run() async throws {
        try await Self.start(options)
    }

    static func start(_ options: SettingsOptions) async throws {
        let settings = try options.resolve()
        try LoopbackGuard.check(settings.host)
        let logger = Bootstrap.logging(level: settings.logLevel)
        try await StandaloneRuntime(settings: settings, logger: logger).run()
    }
}

/// `rota agent --server`: Dkron's way to start a node; here the same as `rota standalone`.
struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Dkron-compatible alias: `rota agent --server` runs `rota standalone`.")

    @Flag(help: "Run as a server (the only mode; accepted for Dkron users).") var server = false
    @OptionGroup var options: SettingsOptions

    func run() async throws {
        try await StandaloneCommand.start(options)
    }
}

/// Until authentication exists, Rota only listens on loopback unless told otherwise explicitly.
enum LoopbackGuard {
    static func check(_ host: String) throws {
        let loopback = host == "localhost" || host == "::1" || host.hasPrefix("127.")
        if !loopback, ProcessInfo.processInfo.environment["ROTA_INSECURE"] != "1" {
            throw ValidationError("refusing to listen on \(host) without authentication: Rota runs commands for whoever reaches its API. Set ROTA_INSECURE=1 to do it anyway (behind a firewall or proxy).")
        }
    }
}
