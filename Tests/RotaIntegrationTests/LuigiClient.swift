import Foundation
import Testing

/// The `luigi` 3.8.1 command line in a venv: the cached `/tmp/rota-luigi-venv` when it already
/// has luigi, else created there once per test process. The fixture module is copied into each
/// test's home so the workers import it from there.
struct LuigiClient: Sendable {
    static let venv = "/tmp/rota-luigi-venv"
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("luigi_fixture.py").path

    static var python: String? {
        ["/usr/bin/python3", "/usr/local/bin/python3", "/opt/homebrew/bin/python3"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    private static let prepared: Result<LuigiClient, TestFailure> = {
        let luigi = venv + "/bin/luigi"
        let check = try? runTool(venv + "/bin/python", ["-c", "import luigi, importlib.metadata as m; assert m.version('luigi') == '3.8.1'"])
        if FileManager.default.isExecutableFile(atPath: luigi), check?.code == 0 { return .success(LuigiClient(luigi: luigi)) }
        guard let python else { return .failure(TestFailure("python3 not found")) }
        guard let made = try? runTool(python, ["-m", "venv", venv]), made.code == 0 else {
            return .failure(TestFailure("python3 -m venv \(venv) failed"))
        }
        guard let installed = try? runTool(venv + "/bin/pip", ["install", "--quiet", "luigi==3.8.1"]), installed.code == 0 else {
            return .failure(TestFailure("pip install luigi==3.8.1 failed"))
        }
        return .success(LuigiClient(luigi: luigi))
    }()

    static func prepare() throws -> LuigiClient { try prepared.get() }

    let luigi: String

    static func rotaArguments(port: Int) -> [String] {
        ["--luigi-port", String(port), "--luigi-retry-delay", "1", "--luigi-resources", "db=1"]
    }

    /// A running `luigi --module luigi_fixture All` worker process.
    final class Run: @unchecked Sendable {
        let process = Process()
        let logPath: String

        init(logPath: String) {
            self.logPath = logPath
        }

        func finish() -> (code: Int32, output: String) {
            process.waitUntilExit()
            return (process.terminationStatus, (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "")
        }

        deinit { if process.isRunning { process.terminate() } }
    }

    func start(home: String, port: Int, width: Int, sleep: Double = 0.2, workers: Int = 2) throws -> Run {
        let out = home + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        // The external task's file: something outside luigi made it.
        if !FileManager.default.fileExists(atPath: out + "/input.txt") {
            try "outside\n".write(toFile: out + "/input.txt", atomically: true, encoding: .utf8)
        }
        if !FileManager.default.fileExists(atPath: home + "/luigi_fixture.py") {
            try FileManager.default.copyItem(atPath: Self.fixture, toPath: home + "/luigi_fixture.py")
        }
        try Self.writeConfig(home: home)
        let logPath = home + "/luigi-\(UUID().uuidString.prefix(6)).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let run = Run(logPath: logPath)
        run.process.executableURL = URL(fileURLWithPath: luigi)
        run.process.arguments = ["--module", "luigi_fixture", "All", "--width", String(width), "--workers", String(workers), "--no-lock",
                                 "--scheduler-url", "http://127.0.0.1:\(port)/"]
        var env = ProcessInfo.processInfo.environment
        env["PYTHONPATH"] = home
        env["LUIGI_CONFIG_PATH"] = home + "/luigi.cfg"
        env["ROTA_LUIGI_OUT"] = out
        env["ROTA_LUIGI_SLEEP"] = String(sleep)
        run.process.environment = env
        run.process.currentDirectoryURL = URL(fileURLWithPath: home)
        let handle = FileHandle(forWritingAtPath: logPath)
        run.process.standardOutput = handle
        run.process.standardError = handle
        try run.process.run()
        return run
    }

    /// The workers' luigi.cfg, which is also luigid's when a test compares with it: short RPC
    /// retries so a restarted Rota is found again within the test's patience, and the server-side
    /// values `LuigiClient.rotaArguments` gives Rota.
    static func writeConfig(home: String) throws {
        try """
            [core]
            rpc_retry_attempts = 60
            rpc_retry_wait = 1
            [worker]
            keep_alive = true
            wait_interval = 0.5
            wait_jitter = 0.5
            [scheduler]
            retry_delay = 1
            [resources]
            db = 1
            """.write(toFile: home + "/luigi.cfg", atomically: true, encoding: .utf8)
    }

    func run(home: String, port: Int, width: Int, sleep: Double = 0.2) throws -> (code: Int32, output: String) {
        try start(home: home, port: port, width: width, sleep: sleep).finish()
    }

    /// Every output of `All(width)` exists.
    static func expectOutputs(home: String, width: Int) throws {
        let out = home + "/out/"
        let names = (0..<width).map { "leaf-\($0).txt" } + ["limited-0.txt", "limited-1.txt", "flaky.txt", "input.txt", "dynamic.txt",
                                                              "leaf-100.txt", "batch-0.txt", "batch-1.txt", "batch-2.txt"]
        for name in names {
            #expect(FileManager.default.fileExists(atPath: out + name), "missing output \(name)")
        }
    }

    /// The task ids of successful runs, one per run.
    static func runs(home: String) throws -> [String] {
        let text = (try? String(contentsOfFile: home + "/out/runs.log", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
    }

    static func runTool(_ path: String, _ arguments: [String]) throws -> (code: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
