#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSQLite
import Foundation
import RotaStorage

/// What a Rota SQLite file holds, read after it passed `PRAGMA integrity_check`.
public struct SQLiteFileReport: Sendable, Equatable {
    /// The file as the user named it (the backup, for a restore).
    public var path: String
    public var bytes: Int64
    public var pageCount: Int
    public var pageSize: Int
    /// The applied `rota_migrations` versions, ascending; empty when the file is not a Rota database.
    public var schemaVersions: [Int]
    public var workflows: Int
    public var runs: Int
    /// Attempts: Dkron's executions, Airflow's task tries.
    public var executions: Int
}

public struct SQLiteBackupReport: Sendable, Equatable {
    public var file: SQLiteFileReport
    /// Wall-clock seconds from the start of the copy to the end of the integrity check.
    public var seconds: Double
}

/// `rota db backup` and `rota db restore` for the SQLite file.
///
/// A backup is taken with SQLite's online backup API from one read transaction: in WAL mode a
/// reader holds a snapshot while writers carry on appending to the WAL, so a running
/// `rota standalone` is never blocked and the copy is the database as of the moment the backup
/// began. The copy is written in steps of `pagesPerStep` pages to a temporary file next to the
/// destination, switched to a self-contained single file (`journal_mode=DELETE`, no `-wal` to
/// carry along), checked with `PRAGMA integrity_check`, synced, and only then moved into place.
public enum SQLiteBackup {
    /// Copies the live database at `database` to `destination`.
    ///
    /// - Throws: `StoreError` naming the file and the reason: no database, destination exists
    ///   (without `overwrite`) or its folder is missing, a SQLite failure, a copy that fails its
    ///   integrity check.
    public static func backup(database: String, to destination: String, overwrite: Bool,
                              pagesPerStep: Int32 = 1024) throws -> SQLiteBackupReport {
        let started = Date()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: database, isDirectory: &isFolder), !isFolder.boolValue else {
            throw StoreError("there is no SQLite database at \(database) to back up (is --home right?)")
        }
        if sameFile(database, destination) { throw StoreError("\(destination) is the database itself; name another file") }
        if FileManager.default.fileExists(atPath: destination, isDirectory: &isFolder) {
            if isFolder.boolValue { throw StoreError("\(destination) is a folder; name the backup file") }
            if !overwrite { throw StoreError("\(destination) already exists; pass --force to overwrite it") }
        }
        let folder = URL(fileURLWithPath: destination).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw StoreError("cannot write \(destination): the folder \(folder) does not exist")
        }
        let lock = try SQLiteFileLock.shared(for: database)
        defer { lock.release() }
        let temp = temporaryName(for: destination, purpose: "backup")
        defer { removeDatabaseFiles(temp) }

        let source = try RawSQLite(path: database, flags: SQLITE_OPEN_READWRITE)
        defer { source.close() }
        // One read transaction for the whole copy: every step reads the same snapshot, and
        // writes by the running Rota (another connection) do not restart the backup.
        do {
            try source.execute("BEGIN; SELECT count(*) FROM sqlite_master")
        } catch let error as StoreError {
            throw StoreError("cannot read \(database): \(error.message)")
        }
        do {
            let target = try RawSQLite(path: temp, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
            defer { target.close() }
            guard let backup = sqlite3_backup_init(target.db, "main", source.db, "main") else {
                throw StoreError("cannot back up \(database) to \(destination): \(target.lastError)")
            }
            var rc: Int32
            var waits = 0
            repeat {
                rc = sqlite3_backup_step(backup, pagesPerStep)
                if rc == SQLITE_BUSY || rc == SQLITE_LOCKED {
                    waits += 1
                    if waits > 1000 { break }
                    usleep(10_000)
                }
            } while rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED
            let finished = sqlite3_backup_finish(backup)
            guard rc == SQLITE_DONE, finished == SQLITE_OK else {
                throw StoreError("cannot back up \(database) to \(destination): \(String(cString: sqlite3_errstr(rc == SQLITE_DONE ? finished : rc)))")
            }
            try target.execute("PRAGMA journal_mode = DELETE")
        }
        try? source.execute("COMMIT")
        source.close()

        var report = try inspect(temp, name: destination)
        try sync(temp)
        try moveIntoPlace(temp, destination, overwrite: overwrite)
        try? sync(folder)
        report.path = destination
        return SQLiteBackupReport(file: report, seconds: Date().timeIntervalSince(started))
    }

    /// Replaces the database at `database` with the backup at `backup`, after checking the
    /// backup's integrity and handing its report to `accept` (which throws to refuse it: a schema
    /// newer than the binary, a user who did not confirm).
    ///
    /// Refuses at once while any Rota process has the database open (the lock of
    /// `SQLiteFileLock`), and keeps every Rota process from opening it until it is done. The old
    /// database's WAL is checkpointed and its `-wal`, `-shm` and `-journal` files removed before the
    /// checked copy is renamed over it, so nothing of the old file can be replayed into the new.
    ///
    /// - Throws: `StoreError` naming the file and the reason.
    public static func restore(_ backup: String, over database: String,
                               accept: (SQLiteFileReport) throws -> Void) throws -> SQLiteFileReport {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: backup, isDirectory: &isFolder) else {
            throw StoreError("\(backup): no such file")
        }
        if isFolder.boolValue { throw StoreError("\(backup) is a folder, not a backup file") }
        if sameFile(backup, database) { throw StoreError("\(backup) is the database itself; name a backup file") }
        let folder = URL(fileURLWithPath: database).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw StoreError("cannot create the data directory \(folder): \(error.localizedDescription)")
        }
        let lock = try SQLiteFileLock.exclusive(for: database)
        defer { lock.release() }
        let temp = temporaryName(for: database, purpose: "restore")
        defer { removeDatabaseFiles(temp) }
        do {
            try FileManager.default.copyItem(atPath: backup, toPath: temp)
        } catch {
            throw StoreError("cannot copy \(backup) into \(folder): \(error.localizedDescription)")
        }
        // The restored file gets the old database's permissions (a read-only backup must not
        // become a read-only database).
        let existing = try? FileManager.default.attributesOfItem(atPath: database)
        let mode = (existing?[.posixPermissions] as? NSNumber)?.intValue ?? 0o644
        try? FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: temp)
        let report = try inspect(temp, name: backup)
        guard !report.schemaVersions.isEmpty else {
            throw StoreError("\(backup) is not a Rota database: it has no rota_migrations table")
        }
        try accept(report)
        try sync(temp)
        if FileManager.default.fileExists(atPath: database), let old = try? RawSQLite(path: database, flags: SQLITE_OPEN_READWRITE) {
            // Empties the old WAL, so a leftover file is harmless even if removing it fails.
            try? old.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            old.close()
        }
        for suffix in ["-wal", "-shm", "-journal"] where unlink(database + suffix) != 0 && errno != ENOENT {
            throw StoreError("cannot remove \(database + suffix): \(String(cString: strerror(errno)))")
        }
        guard rename(temp, database) == 0 else {
            throw StoreError("cannot replace \(database): \(String(cString: strerror(errno)))")
        }
        try? sync(folder)
        return report
    }

    /// Checks the file at `path` with `PRAGMA integrity_check` and reads what it holds.
    ///
    /// - Throws: `StoreError` naming `name` (default `path`) when the file is not an SQLite
    ///   database or is damaged.
    public static func inspect(_ path: String, name: String? = nil) throws -> SQLiteFileReport {
        let name = name ?? path
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let bytes = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
        let file = try RawSQLite(path: path, flags: SQLITE_OPEN_READWRITE)
        defer { file.close() }
        let problems: [String]
        do {
            problems = try file.rows("PRAGMA integrity_check").map { $0.first ?? "" }
        } catch let error as StoreError {
            if file.failedCode == SQLITE_NOTADB {
                throw StoreError("\(name) is not an SQLite database (\(error.message))")
            }
            throw StoreError("\(name) is damaged: \(error.message)")
        }
        guard problems == ["ok"] else {
            let shown = problems.prefix(3).joined(separator: "; ")
            throw StoreError("\(name) is damaged: PRAGMA integrity_check found \(problems.count) problem(s): \(shown)")
        }
        func number(_ sql: String) throws -> Int { Int(try file.rows(sql).first?.first ?? "") ?? 0 }
        let tables = Set(try file.rows("SELECT name FROM sqlite_master WHERE type = 'table'").compactMap(\.first))
        var report = SQLiteFileReport(path: name, bytes: bytes, pageCount: try number("PRAGMA page_count"),
                                      pageSize: try number("PRAGMA page_size"), schemaVersions: [],
                                      workflows: 0, runs: 0, executions: 0)
        guard tables.contains("rota_migrations") else { return report }
        report.schemaVersions = try file.rows("SELECT version FROM rota_migrations ORDER BY version").compactMap { $0.first.flatMap { Int($0) } }
        if tables.contains("workflows") { report.workflows = try number("SELECT count(*) FROM workflows") }
        if tables.contains("runs") { report.runs = try number("SELECT count(*) FROM runs") }
        if tables.contains("attempts") { report.executions = try number("SELECT count(*) FROM attempts") }
        return report
    }

    // MARK: Files

    private static func temporaryName(for path: String, purpose: String) -> String {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        return folder + "/.\(url.lastPathComponent).\(purpose)-\(getpid())-\(UUID().uuidString.prefix(8))"
    }

    private static func sameFile(_ a: String, _ b: String) -> Bool {
        URL(fileURLWithPath: a).standardizedFileURL.resolvingSymlinksInPath().path
            == URL(fileURLWithPath: b).standardizedFileURL.resolvingSymlinksInPath().path
    }

    private static func removeDatabaseFiles(_ path: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] { unlink(path + suffix) }
    }

    /// Flushes a file (or a folder's entries) to disk.
    private static func sync(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw StoreError("cannot sync \(path): \(String(cString: strerror(errno)))") }
    }

    /// Renames `temp` to `destination`; without `overwrite`, a hard link refuses atomically if the
    /// destination appeared meanwhile (file systems without hard links fall back to a rename).
    private static func moveIntoPlace(_ temp: String, _ destination: String, overwrite: Bool) throws {
        if !overwrite {
            if link(temp, destination) == 0 {
                unlink(temp)
                return
            }
            let code = errno
            if code == EEXIST { throw StoreError("\(destination) already exists; pass --force to overwrite it") }
            if FileManager.default.fileExists(atPath: destination) {
                throw StoreError("\(destination) already exists; pass --force to overwrite it")
            }
        }
        guard rename(temp, destination) == 0 else {
            throw StoreError("cannot write \(destination): \(String(cString: strerror(errno)))")
        }
    }
}

/// A bare SQLite connection for backup and restore: none of `SQLiteHandle`'s settings (WAL,
/// caches), which must not be applied to a backup file.
private final class RawSQLite {
    let db: OpaquePointer
    private var open = true
    let path: String

    init(path: String, flags: Int32) throws {
        self.path = path
        var handle: OpaquePointer?
        let rc = sqlite3_open_v2(path, &handle, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            if let handle { sqlite3_close_v2(handle) }
            throw StoreError("cannot open \(path): \(message)")
        }
        db = handle
        sqlite3_busy_timeout(db, 10_000)
    }

    deinit { close() }

    func close() {
        if open { sqlite3_close_v2(db) }
        open = false
    }

    var lastError: String { String(cString: sqlite3_errmsg(db)) }
    /// The primary result code of the last failure of `rows` or `execute`.
    private(set) var failedCode: Int32 = SQLITE_OK

    private func failure(_ message: String? = nil) -> StoreError {
        failedCode = sqlite3_errcode(db) & 0xff
        return StoreError(message ?? lastError)
    }

    func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(db, sql, nil, nil, &error) != SQLITE_OK {
            let message = error.map { String(cString: $0) }
            sqlite3_free(error)
            throw failure(message)
        }
    }

    /// Every row of `sql`, each column as text.
    func rows(_ sql: String) throws -> [[String]] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw failure()
        }
        defer { sqlite3_finalize(statement) }
        var out: [[String]] = []
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { return out }
            guard rc == SQLITE_ROW else { throw failure() }
            out.append((0..<sqlite3_column_count(statement)).map { column in
                sqlite3_column_text(statement, column).map { String(cString: $0) } ?? ""
            })
        }
    }
}
