import ArgumentParser
import Foundation
import Logging
import RotaStorage
import RotaStorageSQLite

struct DBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Create, migrate, reset, check, back up and restore Rota's database.",
        subcommands: [Init.self, Migrate.self, Reset.self, Check.self, Backup.self, Restore.self])

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

    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy the SQLite database to PATH while Rota runs (PostgreSQL: prints the pg_dump command).",
            discussion: """
                Takes a consistent snapshot with SQLite's online backup API without stopping Rota, \
                checks the copy with PRAGMA integrity_check and prints its size. PATH must not exist \
                unless --force is given. With a PostgreSQL database_url nothing is copied: the \
                pg_dump command to run is printed and the exit status is 1.
                """)
        @Argument(help: "The backup file to write.") var path: String
        @Flag(help: "Overwrite PATH if it exists.") var force = false
        @OptionGroup var options: SettingsOptions

        func run() async throws {
            let settings = try options.resolve()
            if let url = settings.databaseURL {
                let (plain, hadPassword) = DBCommand.withoutPassword(url)
                print("""
                    rota db backup: a PostgreSQL database is backed up with pg_dump (of the server's major version or newer). Run:
                      pg_dump --format=custom --exclude-table-data=leases --file=\(DBCommand.shellQuote(path)) \(DBCommand.shellQuote(plain))
                    The leader's lease is left out, so that after a restore the first leader does not fire every instant due since the dump.
                    """ + (hadPassword ? DBCommand.passwordNote : ""))
                throw ExitCode(1)
            }
            let report = try SQLiteBackup.backup(database: settings.sqlitePath, to: path, overwrite: force)
            let file = report.file
            print("backed up \(StoreFactory.describe(settings)) to \(path): \(DBCommand.size(file.bytes)) " +
                  "(\(file.pageCount) pages of \(file.pageSize) bytes), \(DBCommand.contents(file)); " +
                  "integrity check ok; took \(String(format: "%.2f", report.seconds)) s")
        }
    }

    struct Restore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace the SQLite database with a backup (PostgreSQL: prints the pg_restore command).",
            discussion: """
                Refuses while a Rota process has the database open. Checks the backup with PRAGMA \
                integrity_check and that its schema is not newer than this binary, asks for \
                confirmation (unless --yes), then replaces the database file atomically and removes \
                its stale -wal and -shm files. With a PostgreSQL database_url nothing is changed: \
                the pg_restore command to run is printed and the exit status is 1.
                """)
        @Argument(help: "The backup file to restore (made by `rota db backup`).") var path: String
        @Flag(help: "Do not ask for confirmation.") var yes = false
        @OptionGroup var options: SettingsOptions

        func run() async throws {
            let settings = try options.resolve()
            if let url = settings.databaseURL {
                let (plain, hadPassword) = DBCommand.withoutPassword(url)
                print("""
                    rota db restore: a PostgreSQL database is restored with pg_restore. Stop every rota server and worker, then run:
                      pg_restore --clean --if-exists --no-owner --single-transaction --dbname=\(DBCommand.shellQuote(plain)) \(DBCommand.shellQuote(path))
                    and start them again. A dump of an older schema version goes into an empty database instead
                    (docs/operations.md, "Backup and restore").
                    """ + (hadPassword ? DBCommand.passwordNote : ""))
                throw ExitCode(1)
            }
            let database = settings.sqlitePath
            let known = SQLDialect.sqlite.migrations.map(\.version).sorted()
            var status = SchemaStatus(applied: [], known: known)
            let report = try SQLiteBackup.restore(path, over: database) { report in
                status = SchemaStatus(applied: report.schemaVersions, known: known)
                if status.isNewerThanBinary {
                    throw CLIError("\(path): its schema version \(report.schemaVersions.max() ?? 0) is newer than this rota binary " +
                                   "knows (\(known.max() ?? 0)); restore it with a newer rota")
                }
                guard !yes, FileManager.default.fileExists(atPath: database) else { return }
                print("This replaces every job, run and execution in \(database) with those of \(path) " +
                      "(\(DBCommand.contents(report))). Type 'yes' to continue: ", terminator: "")
                fflush(nil)
                guard readLine()?.trimmingCharacters(in: .whitespaces).lowercased() == "yes" else {
                    print("aborted; nothing was changed")
                    throw ExitCode(1)
                }
            }
            let pending = status.pending.isEmpty ? ""
                : "; migrations \(status.pending.map(String.init).joined(separator: ", ")) are applied at the next start (or by `rota db migrate`)"
            print("restored \(StoreFactory.describe(settings)) from \(path): \(DBCommand.contents(report))\(pending)")
        }
    }

    /// "schema version 5, 3 workflows and jobs, 120 runs, 130 executions"
    static func contents(_ file: SQLiteFileReport) -> String {
        "schema version \(file.schemaVersions.max() ?? 0), \(file.workflows) workflows and jobs, \(file.runs) runs, \(file.executions) executions"
    }

    static func size(_ bytes: Int64) -> String {
        if bytes < 1 << 20 { return String(format: "%.1f KiB", Double(bytes) / 1024) }
        return String(format: "%.1f MiB", Double(bytes) / Double(1 << 20))
    }

    static let passwordNote = "\n(the password of database_url is left out: give it in PGPASSWORD or ~/.pgpass)"

    /// The URL without its password (which stays out of terminals and logs), and whether it had one.
    static func withoutPassword(_ url: String) -> (String, Bool) {
        guard var parts = URLComponents(string: url), parts.password != nil else { return (url, false) }
        parts.password = nil
        return (parts.string ?? url, true)
    }

    /// Single-quoted for a POSIX shell.
    static func shellQuote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
