import ArgumentParser
import Foundation
import NIOCore
import NIOPosix

/// The process's entry point: Swift concurrency runs on NIO's event loops before anything starts.
///
/// PostgreSQL connections, the HTTP server and HTTP clients do their I/O on those event loops; with
/// concurrency on its own pool every statement's reply resumed its caller through a thread switch
/// (bench W4 on PostgreSQL: ~30 % of Rota's CPU in futex waits and wake-ups). `ROTA_NIO_EXECUTOR=0`
/// keeps Swift's own pool.
@main
enum RotaMain {
    static func main() async {
        if ProcessInfo.processInfo.environment["ROTA_NIO_EXECUTOR"] != "0" {
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
