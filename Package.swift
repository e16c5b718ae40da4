// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "rota",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "rota", targets: ["RotaCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // Already in the graph through postgres-nio: SHA-256 for token digests, HMAC for sessions.
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
    ],
    targets: [
        // Pure domain: model, states, schedules, durations. No I/O, no NIO, no database.
        .target(name: "RotaCore"),
        // Workflow and job files (YAML/JSON) with line numbers for every error.
        .target(name: "RotaFiles", dependencies: [
            "RotaCore",
            .product(name: "Yams", package: "Yams"),
        ]),
        // The storage seam: one protocol, two closed implementations.
        .target(name: "RotaStorage", dependencies: [
            "RotaCore",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The system libsqlite3 (Debian: libsqlite3-dev), wrapped by RotaStorageSQLite.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "RotaStorageSQLite", dependencies: [
            "RotaStorage", "CSQLite",
        ]),
        .target(name: "RotaStoragePostgres", dependencies: [
            "RotaCore", "RotaStorage",
            .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
        // Executors and the process runner.
        .target(name: "RotaWorker", dependencies: [
            "RotaCore",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        // Failure, retry, success and SLA-miss notifications (webhooks, SMTP), off the engine's path.
        .target(name: "RotaNotify", dependencies: [
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Leader-side services: cron timer, completion, retries, dependents, recovery.
        .target(name: "RotaEngine", dependencies: [
            "RotaCore", "RotaStorage", "RotaWorker", "RotaNotify",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        // Luigi's central scheduler (luigid's RPC semantics) over the Store: pure state machine.
        .target(name: "RotaLuigi", dependencies: [
            "RotaCore", "RotaStorage",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The web UI's HTML, SVG charts and assets: pure rendering from records, no I/O.
        .target(name: "RotaWeb", dependencies: ["RotaCore"]),
        // HTTP surfaces: the Dkron-compatible API, health and metrics.
        .target(name: "RotaHTTP", dependencies: [
            "RotaEngine", "RotaFiles", "RotaLuigi", "RotaWeb",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        .executableTarget(name: "RotaCLI", dependencies: [
            "RotaCore", "RotaFiles", "RotaStorage", "RotaStorageSQLite", "RotaStoragePostgres",
            "RotaWorker", "RotaEngine", "RotaHTTP", "RotaNotify", "RotaLuigi",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        // Shared fixtures for tests: temporary SQLite files and the loopback PostgreSQL.
        .target(name: "RotaTesting", dependencies: [
            "RotaCore", "RotaStorage", "RotaStorageSQLite", "RotaStoragePostgres",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "RotaCoreTests", dependencies: ["RotaCore", "RotaTesting"]),
        .testTarget(name: "RotaFilesTests", dependencies: ["RotaFiles", "RotaTesting"]),
        .testTarget(name: "RotaWebTests", dependencies: ["RotaWeb", "RotaCore"]),
        .testTarget(name: "RotaNotifyTests", dependencies: [
            "RotaNotify",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "RotaStorageTests", dependencies: ["RotaTesting", "RotaStorage"]),
        .testTarget(name: "RotaWorkerTests", dependencies: ["RotaWorker"]),
        .testTarget(name: "RotaEngineTests", dependencies: ["RotaTesting", "RotaEngine"]),
        .testTarget(name: "RotaLuigiTests", dependencies: [
            "RotaLuigi", "RotaStorage", "RotaCore", "RotaTesting",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "RotaIntegrationTests", dependencies: [
            "RotaCore", "RotaTesting",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ], exclude: ["airflow_client_check.py", "luigi_fixture.py", "ui_browser_check.py", "ui_login_check.py"]),
    ]
)
