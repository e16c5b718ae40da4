/// A connection inside a transaction. Statements use `?` placeholders; the PostgreSQL driver
/// rewrites them to `$1, $2, …`, so SQL text is shared between dialects wherever it can be.
public protocol SQLConnection: Sendable {
    /// Runs one statement and returns its rows (empty for statements without RETURNING).
    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow]
    /// Runs a script of several statements without binds (migrations).
    func executeScript(_ sql: String) async throws
}

extension SQLConnection {
    public func query(_ sql: String, _ binds: SQLValue...) async throws -> [SQLRow] {
        try await query(sql, binds)
    }
}

/// What differs between SQLite and PostgreSQL, named instead of scattered through `if`s.
public struct SQLDialect: Sendable {
    public var name: String
    /// Appended to the claim's inner SELECT: `FOR UPDATE SKIP LOCKED` on PostgreSQL, where several
    /// servers claim at once; nothing on SQLite, where one writer serialises everything.
    public var claimLocking: String
    public var migrations: [Migration]

    public init(name: String, claimLocking: String, migrations: [Migration]) {
        self.name = name
        self.claimLocking = claimLocking
        self.migrations = migrations
    }
}

/// A database both backends reach through: short transactions, one at a time per connection.
public protocol SQLDatabase: Sendable {
    var dialect: SQLDialect { get }
    /// Runs `body` in a read-write transaction, committed when it returns, rolled back when it throws.
    func write<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T
    /// Runs `body` on a connection that sees a consistent snapshot; it must not write.
    func read<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T
    /// Runs one statement outside any transaction (`CREATE DATABASE` cannot run inside one).
    func executeOutsideTransaction(_ sql: String) async throws
    /// A signal each time another process announces work (PostgreSQL `LISTEN rota_work`), or nil
    /// when the database has no such channel (SQLite: one process, which signals itself).
    func workAnnouncements() -> AsyncStream<Void>?
    func close() async
}
