import Foundation
import RotaCore
import Testing

/// The web UI in a real headless Chromium (Debian's `chromium` and `chromium-driver`, driven by
/// Python's selenium from PyPI) against `rota standalone` loaded with the example workflows.
/// The script (`ui_browser_check.py`) saves a screenshot of every page under `docs/screenshots/`.
@Suite("Web UI in a browser", .serialized)
struct WebUIBrowserTests {
    static let demo = """
        id: ui_demo
        description: A task that prints for a few seconds, then fails
        tags: [demo]
        tasks:
          - id: warm_up
            command: echo warming up
          - id: slow_fail
            upstream: [warm_up]
            retries: 0
            command: sh -c 'for i in 1 2 3 4 5 6; do echo line $i; sleep 1; done; exit 3'
        """

    static var browserInstalled: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver") && PythonClient.python != nil
    }

    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    @Test(.enabled(if: browserInstalled, "needs chromium, chromium-driver and python3 (scripts/install-deps --with-browser)"),
          .timeLimit(.minutes(10)))
    func browserCreatesAJobWatchesAGridTurnGreenAndClearsAFailedTask() async throws {
        try await withHome { home in
            let dags = home + "/dags"
            try FileManager.default.createDirectory(atPath: dags, withIntermediateDirectories: true)
            let examples = Self.repository.appendingPathComponent("examples/dags").path
            for file in try FileManager.default.contentsOfDirectory(atPath: examples) where file.hasSuffix(".yaml") {
                try FileManager.default.copyItem(atPath: examples + "/" + file, toPath: dags + "/" + file)
            }
            try Self.demo.write(toFile: dags + "/ui_demo.yaml", atomically: true, encoding: .utf8)
            try "id: broken\ntasks:\n  - id: a\n    comand: echo typo\n".write(toFile: dags + "/broken.yaml", atomically: true, encoding: .utf8)
            let rota = try RotaProcess(home: home, extraArguments: ["--dags-dir", dags])
            defer { rota.stop() }
            try rota.waitUntilListening()
            let loaded = try await rota.eventually {
                try await rota.request(.GET, "/api/v2/dags").json["total_entries"]?.intValue == 5
            }
            #expect(loaded, "example workflows not loaded: \(rota.stderr)")
            let python = try Selenium.interpreter(scratch: home)
            let shots = Self.repository.appendingPathComponent("docs/screenshots").path
            try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)
            let script = Self.repository.appendingPathComponent("Tests/RotaIntegrationTests/ui_browser_check.py").path
            let result = try PythonClient.run(python, [script, rota.baseURL, shots])
            #expect(result.code == 0, "\(result.output)\n--- rota stderr ---\n\(rota.stderr.suffix(4000))")
        }
    }

    /// With --auth, the login page takes a token, and a viewer's pages carry no action buttons.
    @Test(.enabled(if: browserInstalled, "needs chromium, chromium-driver and python3"), .timeLimit(.minutes(5)))
    func browserViewerLogsInAndSeesNoActionButtons() async throws {
        try await withHome { home in
            let dags = home + "/dags"
            try FileManager.default.createDirectory(atPath: dags, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: Self.repository.appendingPathComponent("examples/dags/etl_diamond.yaml").path,
                                             toPath: dags + "/etl_diamond.yaml")
            let admin = try AuthTests.token(home, "alice", "admin")
            let viewer = try AuthTests.token(home, "vic", "viewer")
            let rota = try RotaProcess(home: home, extraArguments: ["--dags-dir", dags, "--auth"])
            defer { rota.stop() }
            try rota.waitUntilListening()
            let job = #"{"name": "viewer-demo", "schedule": "@every 1h", "executor": "shell", "executor_config": {"command": "echo hi"}}"#
            #expect(try await rota.request(.POST, "/v1/jobs", body: job, headers: AuthTests.bearer(admin)).status == 201)
            let python = try Selenium.interpreter(scratch: home)
            let shots = Self.repository.appendingPathComponent("docs/screenshots").path
            let script = Self.repository.appendingPathComponent("Tests/RotaIntegrationTests/ui_login_check.py").path
            let result = try PythonClient.run(python, [script, rota.baseURL, shots, viewer])
            #expect(result.code == 0, "\(result.output)\n--- rota stderr ---\n\(rota.stderr.suffix(4000))")
        }
    }

    /// Pages answer HTML with the right status, escape what users control, and refuse bad queries.
    @Test func pagesEscapeNamesAndAnswerNotFoundAndBadQueriesAsHTML() async throws {
        try await withHome { home in
            let rota = try RotaProcess(home: home)
            defer { rota.stop() }
            try rota.waitUntilListening()
            let job = #"{"name": "x-job", "displayname": "<script>alert(1)</script>", "schedule": "@every 1h", "executor": "shell", "executor_config": {"command": "echo hi"}}"#
            #expect(try await rota.request(.POST, "/v1/jobs", body: job).status == 201)
            let list = try await rota.request(.GET, "/ui/jobs")
            #expect(list.status == 200)
            #expect(list.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!list.text.contains("<script>alert(1)"))
            for path in ["/", "/ui/jobs/x-job", "/ui/jobs/new", "/ui/jobs/x-job/edit", "/ui/workflows", "/ui/pools", "/ui/import-errors",
                         "/ui/static/rota.css", "/ui/static/rota.js"] {
                #expect(try await rota.request(.GET, path).status == 200, "\(path)")
            }
            let missing = try await rota.request(.GET, "/ui/jobs/no-such-job")
            #expect(missing.status == 404)
            #expect(missing.text.contains("<h1>Not found</h1>"))
            #expect(try await rota.request(.GET, "/ui/jobs?offset=-3").status == 400)
            #expect(try await rota.request(.GET, "/ui/tasks/abc").status == 404)
            let preview = try await rota.request(.GET, "/rota/v1/schedule/preview?schedule=61%20*%20*%20*%20*")
            #expect(preview.status == 200)
            #expect(preview.json["valid"] == .bool(false))
            #expect(preview.json["error"]?.stringValue?.hasPrefix("schedule: ") == true)
            #expect(try await rota.request(.GET, "/rota/v1/schedule/preview").status == 400)
            let good = try await rota.request(.GET, "/rota/v1/schedule/preview?schedule=%40daily&timezone=Europe%2FBerlin&count=3")
            #expect(good.json["next"]?.arrayValue.count == 3)
            #expect(good.json["next"]?.arrayValue.first?.stringValue?.hasSuffix("T23:00:00Z") == true)
        }
    }
}

/// Python's selenium in a venv: the cached `/tmp/rota-selenium-venv` when it has it, else a
/// throwaway venv in the test's folder, installed from PyPI.
enum Selenium {
    static let cached = "/tmp/rota-selenium-venv/bin/python"

    static func interpreter(scratch: String) throws -> String {
        if FileManager.default.isExecutableFile(atPath: cached), (try? PythonClient.run(cached, ["-c", "import selenium"]))?.code == 0 {
            return cached
        }
        guard let python = PythonClient.python else { throw TestFailure("python3 not found") }
        let venv = FileManager.default.isWritableFile(atPath: "/tmp") ? "/tmp/rota-selenium-venv" : scratch + "/selenium-venv"
        let created = try PythonClient.run(python, ["-m", "venv", "--clear", venv])
        guard created.code == 0 else { throw TestFailure("python3 -m venv failed: \(created.output)") }
        let installed = try PythonClient.run(venv + "/bin/pip", ["install", "--quiet", "selenium==4.27.1"])
        guard installed.code == 0 else { throw TestFailure("pip install selenium failed: \(installed.output)") }
        return venv + "/bin/python"
    }
}
