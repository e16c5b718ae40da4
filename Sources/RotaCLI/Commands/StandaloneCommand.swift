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
        try LoopbackGuard.check(settings)
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

/// Rota runs commands for whoever reaches its API, so without `--auth` it listens on loopback
/// only, unless told `--insecure` explicitly (behind a firewall or an authenticating proxy).
enum LoopbackGuard {
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    static func check(_ settings: RotaSettings) throws {
        if !isLoopback(settings.host), !settings.auth, !settings.insecure {
            throw ValidationError("refusing to listen on \(settings.host) without authentication: Rota runs commands for whoever reaches its API. Start with --auth (and create tokens with `rota tokens create`), or --insecure to do it anyway behind a firewall or proxy.")
        }
    }
}
