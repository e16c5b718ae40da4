import Foundation
import RotaCore
import RotaStorage
import RotaStorageSQLite
import RotaTesting
import Testing

/// `rota db backup` and `rota db restore`, through the real binary.
@Suite("Backup and restore", .serialized)
struct BackupTests {
    static let noLuigi = ["--luigi-port", "0"]

    static func executions(_ rota: RotaProcess, _ job: String) async throws -> [JSONValue] {
        try await rota.request(.GET, "/v1/jobs/\(job)/executions?_end=1000").json.arrayValue
    }

    /// One execution, as the API lists it: its id and start (ids are reused after a restore).
    static func key(_ execution: JSONValue) -> String {
        "\(execution["id"]?.stringValue ?? "")@\(execution["started_at"]?.stringValue ?? "")"
    }

    static func startTicking(_ home: String) async throws -> RotaProcess {
        let rota = try RotaProcess(home: home, extraArguments: noLuigi)
        try rota.waitUntilListening()
        _ = try await rota.request(.POST, "/v1/jobs", body: #"{"name":"tick","schedule":"@every 1s","command":"echo tick"}"#)
        #expect(try await rota.eventually { try await Self.executions(rota, "tick").count >= 3 })
        return rota
    }

    /// A backup taken while `rota standalone` runs an `@every 1s` job, restored into a fresh data
    /// directory, holds the job and every execution recorded before the backup, and none of
    /// those that started after it; Rota starts on it and carries on.
    @Test func backupTakenWhileRunningRestoresJobsAndExecutions() async throws {
        try await withHome { home in
            let rota = try await Self.startTicking(home)
            let before = Set(try await Self.executions(rota, "tick").map(Self.key))
            let backup = try runRota(["db", "backup", "--home", home, home + "/backup.sqlite"])
            #expect(backup.code == 0, "\(backup.output)")
            #expect(backup.output.contains("to \(home)/backup.sqlite"), "\(backup.output)")
            #expect(backup.output.contains("integrity check ok"), "\(backup.output)")
            #expect(backup.output.contains("1 workflows and jobs"), "\(backup.output)")
            #expect(rota.process.isRunning)
            let atBackup = Set(try await Self.executions(rota, "tick").map(Self.key))
            #expect(try await rota.eventually { try await Self.executions(rota, "tick").count >= atBackup.count + 2 })
            let later = Set(try await Self.executions(rota, "tick").map(Self.key)).subtracting(atBackup)
            rota.stop()

            let fresh = home + "/restored"
            let restored = try runRota(["db", "restore", "--home", fresh, home + "/backup.sqlite"])
            #expect(restored.code == 0, "\(restored.output)")
            #expect(restored.output.contains("restored SQLite \(fresh)/rota.sqlite from \(home)/backup.sqlite"), "\(restored.output)")
            #expect(restored.output.contains("1 workflows and jobs"), "\(restored.output)")

            let again = try RotaProcess(home: fresh, extraArguments: Self.noLuigi)
            try again.waitUntilListening()
            let jobs = try await again.request(.GET, "/v1/jobs").json.arrayValue.compactMap { $0["name"]?.stringValue }
            #expect(jobs == ["tick"])
            let present = Set(try await Self.executions(again, "tick").map(Self.key))
            #expect(before.isSubset(of: present), "missing: \(before.subtracting(present))")
            #expect(later.isDisjoint(with: present), "from after the backup: \(later.intersection(present))")
            #expect(try await again.eventually { try await Self.executions(again, "tick").count > present.count })
            again.stop()
        }
    }

    /// Restore refuses while Rota has the database open and changes nothing; once Rota stops it
    /// replaces the database (asking first, unless --yes) and leaves no stale -wal or -shm.
    @Test func restoreIsRefusedWhileRotaRuns() async throws {
        try await withHome { home in
            let rota = try await Self.startTicking(home)
            #expect(try runRota(["db", "backup", "--home", home, home + "/backup.sqlite"]).code == 0)
            let refused = try runRota(["db", "restore", "--yes", "--home", home, home + "/backup.sqlite"])
            #expect(refused.code != 0)
            #expect(refused.output.contains("\(home)/rota.sqlite is open in a running Rota process"), "\(refused.output)")
            #expect(!refused.output.contains("USAGE"), "\(refused.output)")
            #expect(try await rota.request(.GET, "/v1/jobs/tick").status == 200)
            _ = try await rota.request(.POST, "/v1/jobs", body: #"{"name":"after","schedule":"@manually","command":"true"}"#)
            rota.stop()

            let unconfirmed = try runRota(["db", "restore", "--home", home, home + "/backup.sqlite"], stdin: "no\n")
            #expect(unconfirmed.code != 0)
            #expect(unconfirmed.output.contains("nothing was changed"), "\(unconfirmed.output)")
            let restored = try runRota(["db", "restore", "--home", home, home + "/backup.sqlite"], stdin: "yes\n")
            #expect(restored.code == 0, "\(restored.output)")
            for suffix in ["-wal", "-shm"] { #expect(!FileManager.default.fileExists(atPath: home + "/rota.sqlite" + suffix)) }
            #expect(try runRota(["db", "check", "--home", home]).output.contains("is current"))

            let again = try RotaProcess(home: home, extraArguments: Self.noLuigi)
            try again.waitUntilListening()
            let jobs = try await again.request(.GET, "/v1/jobs").json.arrayValue.compactMap { $0["name"]?.stringValue }
            #expect(jobs == ["tick"])
            again.stop()
        }
    }

    /// A backup never replaces an existing file unless --force is given.
    @Test func backupRefusesToOverwriteWithoutForce() async throws {
        try await withHome { home in
            #expect(try runRota(["db", "init", "--home", home]).code == 0)
            let target = home + "/backup.sqlite"
            try "precious".write(toFile: target, atomically: true, encoding: .utf8)
            let refused = try runRota(["db", "backup", "--home", home, target])
            #expect(refused.code != 0)
            #expect(refused.output.contains("\(target) already exists; pass --force to overwrite it"), "\(refused.output)")
            #expect(!refused.output.contains("USAGE"), "\(refused.output)")
            #expect(try String(contentsOfFile: target, encoding: .utf8) == "precious")
            let forced = try runRota(["db", "backup", "--force", "--home", home, target])
            #expect(forced.code == 0, "\(forced.output)")
            #expect(forced.output.contains("integrity check ok"), "\(forced.output)")
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: home).filter { $0.hasPrefix(".backup.sqlite") }
            #expect(leftovers.isEmpty)
        }
    }

    /// A file that is not a database, a damaged backup and a database of another program are
    /// refused at restore, each with the file and the reason; the database is left as it was.
    @Test func corruptBackupIsRefusedAtRestore() async throws {
        try await withHome { home in
            #expect(try runRota(["db", "init", "--home", home]).code == 0)
            let good = home + "/good.sqlite"
            #expect(try runRota(["db", "backup", "--home", home, good]).code == 0)

            let garbage = home + "/garbage.sqlite"
            try String(repeating: "not a database ", count: 500).write(toFile: garbage, atomically: true, encoding: .utf8)
            let notDatabase = try runRota(["db", "restore", "--yes", "--home", home, garbage])
            #expect(notDatabase.code != 0)
            #expect(notDatabase.output.contains("\(garbage) is not an SQLite database"), "\(notDatabase.output)")

            var bytes = try Data(contentsOf: URL(fileURLWithPath: good))
            let pageSize = 4096
            #expect(bytes.count > 4 * pageSize)
            for i in pageSize..<(bytes.count - pageSize) where i % 7 == 0 { bytes[i] = 0xA5 }
            let damaged = home + "/damaged.sqlite"
            try bytes.write(to: URL(fileURLWithPath: damaged))
            let refused = try runRota(["db", "restore", "--yes", "--home", home, damaged])
            #expect(refused.code != 0)
            #expect(refused.output.contains("\(damaged) is damaged"), "\(refused.output)")
            #expect(!refused.output.contains("USAGE"), "\(refused.output)")

            let other = home + "/other.sqlite"
            _ = FileManager.default.createFile(atPath: other, contents: Data())
            let foreign = try runRota(["db", "restore", "--yes", "--home", home, other])
            #expect(foreign.code != 0)
            #expect(foreign.output.contains("\(other) is not a Rota database"), "\(foreign.output)")

            #expect(try runRota(["db", "check", "--home", home]).output.contains("is current"))
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: home).filter { $0.hasPrefix(".rota.sqlite") }
            #expect(leftovers.isEmpty)
        }
    }

    /// A backup made by a newer Rota (a schema version this binary does not know) is refused.
    @Test func backupOfNewerSchemaIsRefusedAtRestore() async throws {
        try await withHome { home in
            #expect(try runRota(["db", "init", "--home", home]).code == 0)
            let newer = home + "/newer.sqlite"
            #expect(try runRota(["db", "backup", "--home", home, newer]).code == 0)
            let store = try SQLStore.sqlite(path: newer)
            try await store.adminExecute("INSERT INTO rota_migrations (version, name, applied_at) VALUES (999, 'future', 0)")
            await store.close()
            let refused = try runRota(["db", "restore", "--yes", "--home", home, newer])
            #expect(refused.code != 0)
            #expect(refused.output.contains("\(newer): its schema version 999 is newer than this rota binary knows"), "\(refused.output)")
            #expect(try runRota(["db", "check", "--home", home]).output.contains("is current"))
        }
    }

    /// With PostgreSQL, backup and restore print the pg_dump and pg_restore commands (without the
    /// password) and exit 1; those commands, run as printed, round-trip the database.
    @Test func postgresBackupAndRestorePrintWorkingPgCommands() async throws {
        let withPassword = try runRota(["db", "backup", "--database-url", "postgres://rota:s3cret@db.example:5432/rota", "/tmp/x.dump"])
        #expect(withPassword.code == 1)
        #expect(withPassword.output.contains("pg_dump --format=custom --exclude-table-data=leases --file='/tmp/x.dump' 'postgres://rota@db.example:5432/rota'"),
                "\(withPassword.output)")
        #expect(withPassword.output.contains("PGPASSWORD"))
        #expect(!withPassword.output.contains("s3cret"))

        try await withHome(.postgres) { home, database in
            let url = database[1]
            let rota = try RotaProcess(home: home, extraArguments: database + Self.noLuigi)
            try rota.waitUntilListening()
            _ = try await rota.request(.POST, "/v1/jobs", body: #"{"name":"kept","schedule":"@manually","command":"true"}"#)
            let dump = home + "/rota.dump"
            let backup = try runRota(["db", "backup", "--database-url", url, dump])
            #expect(backup.code == 1)
            let dumpCommand = try #require(backup.output.split(separator: "\n").first { $0.hasPrefix("  pg_dump ") })
            #expect(dumpCommand.contains("'\(url)'"), "\(backup.output)")
            #expect(try Self.shell(String(dumpCommand)).code == 0)
            _ = try await rota.request(.POST, "/v1/jobs", body: #"{"name":"later","schedule":"@manually","command":"true"}"#)
            rota.stop()

            let restore = try runRota(["db", "restore", "--database-url", url, dump])
            #expect(restore.code == 1)
            let restoreCommand = try #require(restore.output.split(separator: "\n").first { $0.hasPrefix("  pg_restore ") })
            let restored = try Self.shell(String(restoreCommand))
            #expect(restored.code == 0, "\(restored.output)")
            #expect(try runRota(["db", "check", "--database-url", url]).output.contains("is current"))
            let again = try RotaProcess(home: home, extraArguments: database + Self.noLuigi)
            try again.waitUntilListening()
            let jobs = try await again.request(.GET, "/v1/jobs").json.arrayValue.compactMap { $0["name"]?.stringValue }
            #expect(jobs == ["kept"])
            again.stop()
        }
    }

    static func shell(_ command: String) throws -> (code: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
