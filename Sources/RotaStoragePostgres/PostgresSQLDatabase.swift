import Foundation
import Logging
import PostgresNIO
import RotaCore
import RotaStorage
import Synchronization

/// The shared backend: PostgreSQL through a PostgresNIO connection pool.
///
/// The pool's `run()` is owned by a task this object starts and cancels on `close()`, so callers
/// (the CLI, tests) need not wire a ServiceGroup just to open a store.
///
/// When PostgreSQL goes away the pool's circuit breaker trips and, measured here, stays tripped
/// after the database is back. So a tripped breaker replaces the pool (at most once a second):
/// the next call after the database returns connects afresh, and Rota resumes by itself.
///
/// The breaker trips only 60 s after the first failed connection attempt, and until then a
/// request waits for a connection the whole time. So a transaction that has no connection after
/// `leaseTimeout` tries a connection of its own, outside the pool: if PostgreSQL does not take it
/// either, the transaction fails at once with "PostgreSQL unreachable" (`/health` and the API
/// answer 503 within seconds of an outage instead of hanging for a minute); if it does, the wait
/// was congestion (busy connections, a starved process), and the transaction keeps waiting.
public final class PostgresSQLDatabase: SQLDatabase {
    public let dialect = SQLDialect.postgres
    private struct Pool {
        var client: PostgresClient
        var runner: Task<Void, Never>
        var createdAt: ContinuousClock.Instant
    }
    private let pool: Mutex<Pool>
    private let configuration: PostgresClient.Configuration
    private let logger: Logger
    private let leaseTimeout: Duration
    /// A single connection's settings, for the reachability check after `leaseTimeout`.
    private let probe: PostgresConnection.Configuration
    private var client: PostgresClient { pool.withLock { $0.client } }

    /// - Parameters:
    ///   - url: `postgres://user:password@host:port/database`.
    ///   - schema: a schema to use instead of `public` (it must exist); lets tests and several
    ///     Rota installations share one database.
    ///   - leaseTimeout: how long a transaction waits for a pooled connection before failing.
    /// - Throws: `StoreError` when the URL is malformed.
    public init(url: String, schema: String? = nil, logger: Logger = Logger(label: "rota.postgres"),
                leaseTimeout: Duration = .seconds(5)) throws {
        var config = try Self.configuration(from: url)
        if let schema { config.options.additionalStartupParameters = [("search_path", schema)] }
        let client = PostgresClient(configuration: config, backgroundLogger: logger)
        self.configuration = config
        self.logger = logger
        self.leaseTimeout = leaseTimeout
        var probe = PostgresConnection.Configuration(host: config.host ?? "localhost", port: config.port ?? 5432,
                                                     username: config.username, password: config.password,
                                                     database: config.database, tls: .disable)
        probe.options.connectTimeout = .seconds(2)
        if let schema { probe.options.additionalStartupParameters = [("search_path", schema)] }
        self.probe = probe
        pool = Mutex(Pool(client: client, runner: Task { await client.run() }, createdAt: .now))
    }

    /// Replaces a pool whose circuit breaker tripped (see the type's comment).
    private func replacePoolIfTripped(_ error: any Error) {
        guard "\(error)".contains("CircuitBreaker") else { return }
        let old: Task<Void, Never>? = pool.withLock { current in
            guard current.createdAt.duration(to: .now) > .seconds(1) else { return nil }
            let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
            let previous = current.runner
            current = Pool(client: client, runner: Task { await client.run() }, createdAt: .now)
            return previous
        }
        if let old {
            old.cancel()
            logger.warning("PostgreSQL unreachable; connection pool replaced to reconnect when it returns")
        }
    }

    static func configuration(from url: String) throws -> PostgresClient.Configuration {
        guard let parts = URLComponents(string: url), ["postgres", "postgresql"].contains(parts.scheme ?? ""),
              let host = parts.host, !host.isEmpty else {
            throw StoreError("database URL \"\(url)\" is not postgres://user:password@host:port/database")
        }
        let database = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        var config = PostgresClient.Configuration(
            host: host, port: parts.port ?? 5432, username: parts.user ?? "postgres",
            password: parts.password, database: database.isEmpty ? nil : database, tls: .disable)
        config.options.connectTimeout = .seconds(5)
        config.options.maximumConnections = 10
        return config
    }

    public func write<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        try await transaction(body)
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        try await transaction(body)
    }

    private func transaction<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        let logger = self.logger
        let client = self.client
        do {
            return try await Self.withLeaseDeadline(leaseTimeout, stillReachable: { await self.reachable() }) { leased in
                try await client.withConnection { connection in
                    leased()
                    let executor = EventLoopExecutor.shared(for: connection.eventLoop)
                    let statementGuard = StatementGuard(executor: executor) { connection.isClosed }
                    defer { statementGuard.stop() }
                    let conn = PostgresSQLConnection(connection: connection, logger: logger, statementGuard: statementGuard)
                    return try await withTaskExecutorPreference(executor) { try await Self.run(body, on: conn) }
                }
            }
        } catch let error as PSQLError {
            throw StoreError("PostgreSQL: \(Self.describe(error))")
        } catch let error as StoreError {
            throw error
        } catch let error as RotaError {
            throw error  // a refusal by the Store's own rules (a name taken), not an outage
        } catch is LeaseTimeout {
            throw StoreError("PostgreSQL unreachable: no connection within \(leaseTimeout.components.seconds) s")
        } catch {
            replacePoolIfTripped(error)
            throw StoreError("PostgreSQL unreachable: \(error)")
        }
    }

    /// `body` inside BEGIN … COMMIT, rolled back when it throws.
    private static func run<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T,
                                         on conn: PostgresSQLConnection) async throws -> T {
        try await conn.run("BEGIN")
        do {
            let result = try await body(conn)
            try await conn.run("COMMIT")
            return result
        } catch {
            try? await conn.run("ROLLBACK")
            throw error
        }
    }

    struct LeaseTimeout: Error {}

    /// Whether PostgreSQL takes a connection now (a fresh one, outside the pool). A server that
    /// answers with an error (too many clients, say) is reachable: the pool's wait is congestion.
    private func reachable() async -> Bool {
        do {
            let connection = try await PostgresConnection.connect(configuration: probe, id: 0, logger: logger)
            try? await connection.close()
            return true
        } catch let error as PSQLError where error.serverInfo != nil {
            return true
        } catch {
            return false
        }
    }

    private final class LeaseFlag: Sendable {
        let held = Mutex(false)
    }

    /// Runs `operation`, which calls `leased` once it holds a connection; if it has not by
    /// `deadline` and `stillReachable` says the database is gone, cancels it (the pool drops the
    /// waiting request) and throws `LeaseTimeout`. A transaction that did get its connection is
    /// never cut short, nor one waiting on a database that is there.
    static func withLeaseDeadline<T: Sendable>(
        _ deadline: Duration, stillReachable: @escaping @Sendable () async -> Bool,
        _ operation: @Sendable (@escaping @Sendable () -> Void) async throws -> T
    ) async throws -> T {
        let leased = LeaseFlag()
        return try await withoutActuallyEscaping(operation) { operation in
            try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask { try await operation { leased.held.withLock { $0 = true } } }
                group.addTask {
                    try await sleepCancellably(for: deadline)  // cancelled by almost every transaction
                    if leased.held.withLock({ $0 }) { return nil }
                    let reachable = await stillReachable()
                    if reachable || leased.held.withLock({ $0 }) { return nil }
                    throw LeaseTimeout()
                }
                while let next = try await group.next() {
                    if let value = next {
                        group.cancelAll()
                        return value
                    }
                }
                throw CancellationError()
            }
        }
    }

    public func executeOutsideTransaction(_ sql: String) async throws {
        let logger = self.logger
        do {
            try await client.withConnection { connection in
                try await PostgresSQLConnection(connection: connection, logger: logger).run(sql)
            }
        } catch let error as PSQLError {
            throw StoreError("PostgreSQL: \(Self.describe(error))")
        }
    }

    /// Listens on `rota_work` on a pooled connection held for the purpose, reconnecting after
    /// failures; yields once per notification.
    public func workAnnouncements() -> AsyncStream<Void>? {
        let logger = self.logger
        return AsyncStream { continuation in
            let task = Task {
                while !Task.isCancelled {
                    do {
                        try await self.client.withConnection { connection in
                            try await connection.listen(on: "rota_work") { notifications in
                                for try await _ in notifications { continuation.yield() }
                            }
                        }
                    } catch {
                        if Task.isCancelled { break }
                        self.replacePoolIfTripped(error)
                        logger.warning("LISTEN rota_work failed; retrying", metadata: ["rota.error": "\(error)"])
                        try? await Task.sleep(for: .seconds(1))
                    }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    static func describe(_ error: PSQLError) -> String {
        if let message = error.serverInfo?[.message] {
            return message
        }
        return "\(error.code)" + (error.underlying.map { ": \($0)" } ?? "")
    }

    public func close() async {
        let runner = pool.withLock { $0.runner }
        runner.cancel()
        _ = await runner.value
    }
}
