import ArgumentParser

/// The one `rota` binary: standalone server, database tools, job commands.
@main
struct Rota: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "rota",
        abstract: "Rota: cron jobs, workflows and a Luigi-compatible scheduler in one program.",
        version: version,
        subcommands: [StandaloneCommand.self, ServerCommand.self, WorkerCommand.self, AgentCommand.self, DBCommand.self, TokensCommand.self, JobsCommand.self, DagsCommand.self, VersionCommand.self]
    )
}

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print Rota's version.")

    func run() {
        print("rota \(Rota.version)")
    }
}
