import Foundation
import Logging
import RotaStorage
@testable import RotaStoragePostgres
import Synchronization
import Testing

/// What the PostgreSQL backend does while the database is away.
@Suite("PostgreSQL outage")
struct PostgresOutageTests {
    /// With nothing listening, a transaction fails within seconds with "PostgreSQL unreachable"
    /// (so the API answers 503 and `/health` unhealthy). It used to wait for the pool's circuit
    /// breaker, which trips 60 s after the first failed connection.
    @Test func unreachableDatabaseFailsWithinSecondsNotAMinute() async throws {
        let port = try Self.closedPort()
        var quiet = Logger(label: "test")
        quiet.logLevel = .critical
        let store = SQLStore(database: try PostgresSQLDatabase(url: "postgres://postgres@127.0.0.1:\(port)/rota", logger: quiet))
        let started = ContinuousClock.now
        do {
            _ = try await store.settingGet("health")
            Issue.record("a read succeeded with no database")
        } catch let error as StoreError {
            #expect(error.message.hasPrefix("PostgreSQL unreachable"), "\(error.message)")
        }
        // The lease wait is 5 s; the bound only proves it is not the driver's minute-long default
        // (a loaded 2-core CI machine has taken 15.6 s).
        #expect(started.duration(to: .now) < .seconds(40))
        await store.close()
    }

    /// The deadline is on getting a connection only: a transaction that has one is never cut short.
    @Test func leasedTransactionOutlivesTheLeaseDeadline() async throws {
        let value = try await PostgresSQLDatabase.withLeaseDeadline(.milliseconds(50), stillReachable: { false }) { leased in
            leased()
            try await Task.sleep(for: .milliseconds(300))
            return 7
        }
        #expect(value == 7)
    }

    /// Waiting for a connection past the deadline, with the database gone, is cancelled and
    /// reported as a lease timeout.
    @Test func waitingPastTheDeadlineForAGoneDatabaseIsCancelled() async throws {
        await #expect(throws: PostgresSQLDatabase.LeaseTimeout.self) {
            _ = try await PostgresSQLDatabase.withLeaseDeadline(.milliseconds(50), stillReachable: { false }) { _ in
                try await Task.sleep(for: .seconds(30))
                return 1
            }
        }
    }

    /// Past the deadline with the database there (busy connections, a starved process), the
    /// transaction keeps waiting for its connection.
    @Test func waitingPastTheDeadlineForADatabaseThatIsThereGoesOn() async throws {
        let value = try await PostgresSQLDatabase.withLeaseDeadline(.milliseconds(50), stillReachable: { true }) { leased in
            try await Task.sleep(for: .milliseconds(300))
            leased()
            return 7
        }
        #expect(value == 7)
    }

    /// A loopback port nobody listens on (bound, read and released).
    static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw StoreError("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Statements left waiting on a connection that closed under them fail instead of hanging.
@Suite("PostgreSQL statement guard")
struct StatementGuardTests {
    final class Flag: Sendable {
        let value = Mutex(false)
        var isSet: Bool { value.withLock { $0 } }
        func set() { value.withLock { $0 = true } }
    }

    /// A statement that never completes (as PostgresNIO left a query on a connection closed by a
    /// PostgreSQL restart) fails once the connection is closed, and so does every later statement
    /// of the transaction. It used to hang its caller — the worker pool's claim loop — forever.
    @Test func statementStuckOnAClosedConnectionFails() async throws {
        let closed = Flag()
        let statements = StatementGuard(pollInterval: .milliseconds(20)) { closed.isSet }
        defer { statements.stop() }
        let started = ContinuousClock.now
        async let stuck: Int = statements.run {
            await withUnsafeContinuation { (_: UnsafeContinuation<Void, Never>) in }
            return 1
        }
        try await Task.sleep(for: .milliseconds(100))
        closed.set()
        do {
            _ = try await stuck
            Issue.record("a statement on a closed connection returned")
        } catch let error as StoreError {
            #expect(error.message.contains("connection closed"))
        }
        #expect(started.duration(to: .now) < .seconds(30))
        await #expect(throws: StoreError.self) { _ = try await statements.run { 2 } }
    }

    /// On an open connection statements return their results and errors as they are.
    @Test func statementsOnAnOpenConnectionPassThrough() async throws {
        let statements = StatementGuard(pollInterval: .milliseconds(20)) { false }
        defer { statements.stop() }
        #expect(try await statements.run { 42 } == 42)
        await #expect(throws: CancellationError.self) { _ = try await statements.run { () async throws -> Int in throw CancellationError() } }
        let slow = try await statements.run { () async throws -> String in
            try await Task.sleep(for: .milliseconds(100))
            return "done"
        }
        #expect(slow == "done")
    }

    /// Cancelling the caller cancels the statement's own task.
    @Test func cancellingTheCallerCancelsTheStatement() async throws {
        let statements = StatementGuard(pollInterval: .milliseconds(20)) { false }
        defer { statements.stop() }
        let caller = Task { try await statements.run { () async throws -> Int in
            try await Task.sleep(for: .seconds(60))
            return 1
        } }
        try await Task.sleep(for: .milliseconds(50))
        caller.cancel()
        await #expect(throws: CancellationError.self) { _ = try await caller.value }
    }
}
