import ArgumentParser
import Foundation
import NIOCore
import NIOPosix

/// The process's entry point; with `ROTA_NIO_EXECUTOR=1`, Swift concurrency runs on NIO's event
/// loops before anything starts.
///
/// PostgreSQL connections, the HTTP server and HTTP clients do their I/O on those event loops; on
/// Swift's own pool every statement's reply resumes its caller through a thread switch (bench W4
/// on PostgreSQL: 4.1 → 3.2 ms of CPU per task on the event loops, and W6's p99 halved). But
/// SQLite's statements are synchronous, so on the event loops they hold up every connection of
/// that loop: W6 on SQLite went from 46 to 298 ms p99. Off by default; worth trying with
/// PostgreSQL.
@main
enum RotaMain {
    static func main() async {
        if ProcessInfo.processInfo.environment["ROTA_NIO_EXECUTOR"] == "1" {
            NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        }
        await Rota.main()
    }
}

/// The one `rota` binary: standalone server, database tools, job commands.
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
