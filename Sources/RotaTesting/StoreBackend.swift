import Foundation
import RotaStorage
import RotaStoragePostgres
import RotaStorageSQLite

/// The two backends every storage behaviour is proven against.
///
/// SQLite gets a fresh file in a temporary folder; PostgreSQL gets a fresh schema in the database
/// named by `ROTA_TEST_POSTGRES_URL` (default: the loopback cluster `scripts/pg-test-server`
/// starts). Tests fail, never skip, when PostgreSQL is unreachable: CI must prove both.
public enum StoreBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }

    public static var postgresURL: String {
        ProcessInfo.processInfo.environment["ROTA_TEST_POSTGRES_URL"] ?? "postgres://postgres@127.0.0.1:55432/postgres"
    }

    /// A migrated, empty store of this backend, and the closure that disposes of it.
    public func makeStore() async throws -> TestStore {
        switch self {
        case .sqlite:
            let folder = try TemporaryFolder()
            let store = try SQLStore.sqlite(path: folder.path + "/rota.sqlite")
            _ = try await store.schemaMigrate()
            return TestStore(store: store) {
                await store.close()
                folder.remove()
            }
        case .postgres:
            let schema = "rota_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
            let admin = SQLStore(database: try PostgresSQLDatabase(url: Self.postgresURL))
            try await admin.adminExecute("CREATE SCHEMA \(schema)")
            // A long lease wait: on a loaded 2-core CI machine running every suite at once, a
            // connection can take more than the server's 5 s; the tests check behaviour, not speed.
            let store = try SQLStore.postgres(url: Self.postgresURL, schema: schema, leaseTimeout: .seconds(60))
            _ = try await store.schemaMigrate()
            return TestStore(store: store) {
                await store.close()
                try? await admin.adminExecute("DROP SCHEMA \(schema) CASCADE")
                await admin.close()
            }
        }
    }
}

/// A store under test with its disposal; call `dispose()` at the end of the test.
public struct TestStore: Sendable {
    public let store: SQLStore
    private let cleanup: @Sendable () async -> Void

    init(store: SQLStore, cleanup: @escaping @Sendable () async -> Void) {
        self.store = store
        self.cleanup = cleanup
    }

    public func dispose() async { await cleanup() }
}

extension StoreBackend {
    /// Arguments that point a `rota` process at a fresh database of this backend (none for SQLite,
    /// whose file lives in the process's home), and the closure that drops it afterwards.
    public func processDatabase() async throws -> (arguments: [String], drop: @Sendable () async -> Void) {
        switch self {
        case .sqlite:
            return ([], {})
        case .postgres:
            let name = "rota_it_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
            let admin = SQLStore(database: try PostgresSQLDatabase(url: Self.postgresURL))
            try await admin.adminExecuteOutsideTransaction("CREATE DATABASE \(name)")
            var parts = URLComponents(string: Self.postgresURL)!
            parts.path = "/" + name
            return (["--database-url", parts.string!], {
                try? await admin.adminExecuteOutsideTransaction("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
                await admin.close()
            })
        }
    }
}
