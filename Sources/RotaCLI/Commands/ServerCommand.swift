import ArgumentParser
import Foundation

/// `rota server`: one of several servers on one PostgreSQL. Every server serves the APIs, runs
/// tasks (unless `--workers 0`) and answers remote workers; the one holding the leader lease also
/// runs the timer, the SLA monitor, retention and the zombie reaper.
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server", abstract: "Run a server of a cluster on PostgreSQL (several may share one database).")

    @OptionGroup var options: SettingsOptions

    func run() async throws {
        let settings = try options.resolve()
        guard settings.databaseURL != nil else {
            throw ValidationError("rota server needs --database-url (or ROTA_DATABASE_URL): servers share a PostgreSQL database; for one machine use `rota standalone`")
        }
        try LoopbackGuard.check(settings)
        let logger = Bootstrap.logging(level: settings.logLevel)
        try await StandaloneRuntime(settings: settings, logger: logger, mode: .server).run()
    }
}
