import Foundation
import RotaStorage

/// The embedded backend: one SQLite file in WAL mode.
///
/// One writer connection and one reader connection, each used by one transaction at a time (FIFO
/// via `AsyncMutex`). WAL lets reads proceed while a write is in progress; `synchronous=NORMAL`
/// keeps every committed transaction across a process crash (`kill -9`) and may lose the last ones
/// only on power loss.
public final class SQLiteDatabase: SQLDatabase {
    public let dialect = SQLDialect.sqlite
    public let path: String
    private let writer: SQLiteHandle
    private let reader: SQLiteHandle
    private let writeLock = AsyncMutex()
    private let readLock = AsyncMutex()
    /// Held shared while open, so that `rota db restore` refuses to replace the file under us.
    private let fileLock: SQLiteFileLock

    /// Opens (creating if needed) the database file and its folder.
    ///
    /// - Throws: `StoreError` when the folder or file cannot be created or opened.
    public init(path: String) throws {
        self.path = path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw StoreError("cannot create the data directory \(folder): \(error.localizedDescription)")
        }
        fileLock = try SQLiteFileLock.shared(for: path)
        writer = try SQLiteHandle(path: path, readOnly: false)
        reader = try SQLiteHandle(path: path, readOnly: false)
    }

    public func write<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        try await writeLock.withLock {
            try writer.execute("BEGIN IMMEDIATE")
            do {
                let result = try await body(SQLiteConnection(handle: writer))
                try writer.execute("COMMIT")
                return result
            } catch {
                try? writer.execute("ROLLBACK")
                throw error
            }
        }
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        try await readLock.withLock {
            try reader.execute("BEGIN")
            defer { try? reader.execute("COMMIT") }
            return try await body(SQLiteConnection(handle: reader))
        }
    }

    public func executeOutsideTransaction(_ sql: String) async throws {
        try await writeLock.withLock { try writer.execute(sql) }
    }

    public func workAnnouncements() -> AsyncStream<Void>? { nil }

    public func close() async {
        await writeLock.withLock { writer.close() }
        await readLock.withLock { reader.close() }
        fileLock.release()
    }
}

/// The transaction-scoped view of a handle handed to `SQLStore`.
struct SQLiteConnection: SQLConnection {
    let handle: SQLiteHandle

    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        try handle.query(sql, binds)
    }

    func executeScript(_ sql: String) async throws {
        try handle.execute(sql)
    }
}
