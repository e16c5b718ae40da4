import CSQLite
import Foundation
import RotaStorage

/// One raw SQLite connection with a prepared-statement cache.
///
/// Not thread-safe by itself: `SQLiteDatabase` hands it to one transaction at a time under an
/// `AsyncMutex`, which is why it can be `@unchecked Sendable`.
final class SQLiteHandle: @unchecked Sendable {
    private var db: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// - Throws: `StoreError` when the file cannot be opened or configured.
    init(path: String, readOnly: Bool) throws {
        let flags = (readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) | SQLITE_OPEN_NOMUTEX
        var handle: OpaquePointer?
        let rc = sqlite3_open_v2(path, &handle, flags, nil)
        db = handle
        guard rc == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            close()
            throw StoreError("cannot open SQLite database \(path): \(message)")
        }
        sqlite3_busy_timeout(db, 10_000)
        try execute("PRAGMA foreign_keys = ON")
        if !readOnly {
            try execute("PRAGMA journal_mode = WAL")
            try execute("PRAGMA synchronous = NORMAL")
            // SQLite's checkpoint every ~1,000 pages is kept: every ~4,000 saved ~3 % of Rota's CPU in
            // bench W1 but, each checkpoint copying 4× as much inside the commit that triggers it,
            // raised W6's `POST /v1/jobs/{name}/run` p99 from 16 to 23 ms.
        }
        // A 16 MB page cache per connection (SQLite's default is 2 MB): bench/ found large runs
        // re-reading pages through pread with the default; 64 MB bought nothing more once a finish
        // stopped reading its whole run, and cost 24 MB of resident memory with 100,000 jobs.
        // No memory-mapped I/O: in WAL mode a connection unmaps its whole mapping whenever another
        // connection committed, which on the reader meant a munmap and fresh page faults after
        // every write (bench W4: 0.72 → 0.62 ms of CPU per task without it).
        try execute("PRAGMA cache_size = -16384")
    }

    deinit { close() }

    func close() {
        for statement in statements.values { sqlite3_finalize(statement) }
        statements.removeAll()
        if let db { sqlite3_close_v2(db) }
        db = nil
    }

    private var lastError: String { db.map { String(cString: sqlite3_errmsg($0)) } ?? "connection closed" }

    /// Runs one or more statements without binds.
    func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(db, sql, nil, nil, &error) != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? lastError
            sqlite3_free(error)
            throw StoreError("SQLite: \(message)")
        }
    }

    func query(_ sql: String, _ binds: [SQLValue]) throws -> [SQLRow] {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (index, value) in binds.enumerated() {
            let position = Int32(index + 1)
            switch value {
            case .null: sqlite3_bind_null(statement, position)
            case .int(let v): sqlite3_bind_int64(statement, position, v)
            case .text(let t): sqlite3_bind_text(statement, position, t, -1, Self.transient)
            }
        }
        let count = sqlite3_column_count(statement)
        let columns = (0..<count).map { String(cString: sqlite3_column_name(statement, $0)) }
        var rows: [SQLRow] = []
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw StoreError("SQLite: \(lastError)") }
            var values: [SQLValue] = []
            values.reserveCapacity(Int(count))
            for i in 0..<count {
                switch sqlite3_column_type(statement, i) {
                case SQLITE_NULL: values.append(.null)
                case SQLITE_INTEGER: values.append(.int(sqlite3_column_int64(statement, i)))
                case SQLITE_FLOAT: values.append(.int(Int64(sqlite3_column_double(statement, i))))
                default:
                    if let text = sqlite3_column_text(statement, i) {
                        values.append(.text(String(cString: text)))
                    } else {
                        values.append(.text(""))
                    }
                }
            }
            rows.append(SQLRow(columns: columns, values: values))
        }
        return rows
    }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let cached = statements[sql] { return cached }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw StoreError("SQLite: \(lastError)")
        }
        if statements.count > 200 {
            for old in statements.values { sqlite3_finalize(old) }
            statements.removeAll()
        }
        statements[sql] = statement
        return statement
    }
}
