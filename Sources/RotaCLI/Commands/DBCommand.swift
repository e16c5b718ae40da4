import ArgumentParser
import Foundation
import Logging
import RotaStorage

struct DBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Create, migrate, reset and check Rota's database.",
        subcommands: [Init.self, Migrate.self, Reset.self, Check.self])

    /// Opens the configured store, runs `body`, closes it.
    static func withStore(_ options: SettingsOptions, _ body: (SQLStore, RotaSettings) async throws -> Void) async throws {
        let settings = try options.resolve()
        var logger = Logger(label: "rota.db")
        logger.logLevel = .warning
        let store = try StoreFactory.open(settings, logger: logger)
        do { try await body(store, settings) } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create the database schema (same as migrate).")
        @OptionGroup var options: SettingsOptions
        func run() async throws {
            try await DBCommand.withStore(options) { store, settings in
                let applied = try await store.schemaMigrate()
                print("initialised \(StoreFactory.describe(settings)): " +
                      (applied.isEmpty ? "schema already up to date" : "applied migrations \(applied.map(String.init).joined(separator: ", "))"))
            }
        }
    }

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Apply pending migrations.")
        @OptionGroup var options: SettingsOptions
        func run() async throws {
            try await DBCommand.withStore(options) { store, settings in
                let applied = try await store.schemaMigrate()
                print(applied.isEmpty ? "\(StoreFactory.describe(settings)): schema up to date"
                      : "\(StoreFactory.describe(settings)): applied migrations \(applied.map(String.init).joined(separator: ", "))")
            }
        }
    }

    struct Reset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete every job, run and execution, then recreate the schema.")
        @Flag(help: "Do not ask for confirmation.") var yes = false
        @OptionGroup var options: SettingsOptions
        func run() async throws {
            try await DBCommand.withStore(options) { store, settings in
                if !yes {
                    print("This deletes every job, run and execution in \(StoreFactory.describe(settings)). Type 'yes' to continue: ", terminator: "")
                    fflush(nil)
                    guard readLine()?.trimmingCharacters(in: .whitespaces).lowercased() == "yes" else {
                        print("aborted; nothing was changed")
                        throw ExitCode(1)
                    }
                }
                try await store.schemaReset()
                let applied = try await store.schemaMigrate()
                print("reset \(StoreFactory.describe(settings)); applied migrations \(applied.map(String.init).joined(separator: ", "))")
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check the database is reachable and its schema current.")
        @OptionGroup var options: SettingsOptions
        func run() async throws {
            try await DBCommand.withStore(options) { store, settings in
                let status = try await store.schemaStatus()
                let where_ = StoreFactory.describe(settings)
                if status.isNewerThanBinary {
                    print("\(where_): schema \(status.applied.max() ?? 0) is newer than this binary; upgrade rota")
                    throw ExitCode(2)
                }
                if !status.pending.isEmpty {
                    print("\(where_): reachable; pending migrations \(status.pending.map(String.init).joined(separator: ", ")) (run `rota db migrate`)")
                    throw ExitCode(1)
                }
                print("\(where_): reachable; schema version \(status.applied.max() ?? 0) is current")
            }
        }
    }
}
