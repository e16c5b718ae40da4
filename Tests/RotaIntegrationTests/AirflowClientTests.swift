import AsyncHTTPClient
import Foundation
import RotaCore
import Testing

/// Airflow's REST API (`/api/v2`) through the real binary: the official Python client end to end,
/// then the shapes scripts rely on (pages, `total_entries`, 404/409/422 bodies).
@Suite("Airflow REST API", .serialized)
struct AirflowClientTests {
    /// A two-task workflow: `greet` echoes its param, `done` runs after it.
    static let workflow = """
        id: hello
        description: Says hello
        schedule: "@daily"
        tags: [demo]
        params:
          greeting:
            type: string
            default: world
        tasks:
          - id: greet
            command: echo hello {{ params.greeting }}
          - id: done
            upstream: [greet]
            command: echo done
        """

    /// Starts `rota standalone` with `workflow` (and `more`) in its dags folder, waits until the
    /// API lists them, runs `body`, and stops the process.
    static func withRota(more: [String: String] = [:], _ body: (RotaProcess) async throws -> Void) async throws {
        try await withHome { home in
            try FileManager.default.createDirectory(atPath: home + "/dags", withIntermediateDirectories: true)
            try workflow.write(toFile: home + "/dags/hello.yaml", atomically: true, encoding: .utf8)
            for (name, text) in more { try text.write(toFile: home + "/dags/" + name, atomically: true, encoding: .utf8) }
            let rota = try RotaProcess(home: home, extraArguments: ["--dags-dir", home + "/dags"])
            try rota.waitUntilListening()
            let expected = 1 + more.count
            let loaded = try await rota.eventually {
                try await rota.request(.GET, "/api/v2/dags").json["total_entries"]?.intValue == expected
            }
            if !loaded { throw TestFailure("workflows not loaded: \(try await rota.request(.GET, "/api/v2/importErrors").text)\n\(rota.stderr)") }
            try await body(rota)
            rota.stop()
        }
    }

    /// The official `apache-airflow-client` lists, pauses, triggers with conf, follows the run to
    /// success and reads the task's log, every response passing the client's strict models.
    @Test(.enabled(if: PythonClient.python != nil, "needs python3"), .timeLimit(.minutes(10)))
    func officialClientTriggersAndFollowsARun() async throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("airflow_client_check.py").path
        try await Self.withRota { rota in
            let python = try PythonClient.interpreter(scratch: rota.home)
            let result = try PythonClient.run(python, [script, rota.baseURL, "hello", "greet", "hello hello"])
            #expect(result.code == 0, "\(result.output)\n\(rota.stderr)")
        }
    }

    /// Lists page with `limit` and `offset`, sort with `order_by` (`-` descending), filter, and
    /// report `total_entries` before slicing.
    @Test func listsPageSortFilterAndCountBeforeSlicing() async throws {
        let other = "id: other\ntags: [ops]\ntasks:\n  - id: only\n    command: echo other\n"
        try await Self.withRota(more: ["other.yaml": other]) { rota in
            for name in ["p1", "p2", "p3", "p4"] {
                let created = try await rota.request(.POST, "/api/v2/pools", body: #"{"name": "\#(name)", "slots": 2}"#)
                #expect(created.status == 201, "\(created.text)")
            }
            let page = try await rota.request(.GET, "/api/v2/pools?limit=2&offset=1&order_by=name").json
            #expect(page["pools"]?.arrayValue.compactMap { $0["name"]?.stringValue } == ["p1", "p2"])
            #expect(page["total_entries"]?.intValue == 5)
            let descending = try await rota.request(.GET, "/api/v2/pools?limit=2&order_by=-name").json
            #expect(descending["pools"]?.arrayValue.compactMap { $0["name"]?.stringValue } == ["p4", "p3"])

            let empty = try await rota.request(.GET, "/api/v2/dags?limit=0").json
            #expect(empty["dags"]?.arrayValue.isEmpty == true)
            #expect(empty["total_entries"]?.intValue == 2)
            let tagged = try await rota.request(.GET, "/api/v2/dags?tags=ops").json
            #expect(tagged["dags"]?.arrayValue.compactMap { $0["dag_id"]?.stringValue } == ["other"])
            let pattern = try await rota.request(.GET, "/api/v2/dags?dag_id_pattern=h%25l").json
            #expect(pattern["dags"]?.arrayValue.compactMap { $0["dag_id"]?.stringValue } == ["hello"])
            _ = try await rota.request(.PATCH, "/api/v2/dags/other?update_mask=is_paused", body: #"{"is_paused": true}"#)
            let paused = try await rota.request(.GET, "/api/v2/dags?paused=true").json
            #expect(paused["dags"]?.arrayValue.compactMap { $0["dag_id"]?.stringValue } == ["other"])
            let newestFirst = try await rota.request(.GET, "/api/v2/dags?order_by=-dag_id").json
            #expect(newestFirst["dags"]?.arrayValue.compactMap { $0["dag_id"]?.stringValue } == ["other", "hello"])
        }
    }

    /// Unknown objects are 404 and conflicts 409 with `{"detail": "…"}`; malformed requests are
    /// 422 with FastAPI's list (`type`, `loc`, `msg`); a conf that breaks a param is 400.
    @Test func errorsHaveAirflowShapes() async throws {
        try await Self.withRota { rota in
            let missing = try await rota.request(.GET, "/api/v2/dags/nope")
            #expect(missing.status == 404)
            #expect(missing.json["detail"]?.stringValue == "The Dag with ID: `nope` was not found")
            let noRun = try await rota.request(.GET, "/api/v2/dags/hello/dagRuns/nope")
            #expect(noRun.status == 404)
            #expect(noRun.json["detail"]?.stringValue == "The DagRun with dag_id: `hello` and run_id: `nope` was not found")

            let noLogicalDate = try await rota.request(.POST, "/api/v2/dags/hello/dagRuns", body: #"{"conf": {}}"#)
            #expect(noLogicalDate.status == 422)
            let issue = noLogicalDate.json["detail"]?.arrayValue.first
            #expect(issue?["type"]?.stringValue == "missing")
            #expect(issue?["loc"]?.arrayValue.compactMap(\.stringValue) == ["body", "logical_date"])
            #expect(issue?["msg"]?.stringValue == "Field required")
            let extra = try await rota.request(.POST, "/api/v2/dags/hello/dagRuns", body: #"{"logical_date": null, "bogus": 1}"#)
            #expect(extra.status == 422)
            #expect(extra.json["detail"]?.arrayValue.first?["type"]?.stringValue == "extra_forbidden")
            let badLimit = try await rota.request(.GET, "/api/v2/dags?limit=-1")
            #expect(badLimit.status == 422)
            #expect(badLimit.json["detail"]?.arrayValue.first?["loc"]?.arrayValue.compactMap(\.stringValue) == ["query", "limit"])
            let badOrder = try await rota.request(.GET, "/api/v2/dags?order_by=bogus")
            #expect(badOrder.status == 400)
            #expect(badOrder.json["detail"]?.stringValue == "Ordering with 'bogus' is disallowed or the attribute does not exist on the model")

            let first = try await rota.request(.POST, "/api/v2/dags/hello/dagRuns", body: #"{"logical_date": null, "dag_run_id": "r1"}"#)
            #expect(first.status == 200, "\(first.text)")
            let again = try await rota.request(.POST, "/api/v2/dags/hello/dagRuns", body: #"{"logical_date": null, "dag_run_id": "r1"}"#)
            #expect(again.status == 409)
            #expect(again.json["detail"]?.stringValue?.contains("r1") == true)
            let badConf = try await rota.request(.POST, "/api/v2/dags/hello/dagRuns", body: #"{"logical_date": null, "conf": {"greeting": 5}}"#)
            #expect(badConf.status == 400)
            #expect(badConf.json["detail"]?.stringValue?.contains("greeting") == true, "\(badConf.text)")
        }
    }

    /// A triggered run's log reads as text, a bare clear is a dry run of failed task instances,
    /// a real clear reruns the task, and a run can be marked failed.
    @Test func runsAreLoggedClearedAndMarked() async throws {
        try await Self.withRota { rota in
            let token = try await rota.request(.POST, "/auth/token", body: #"{"username": "a", "password": "b"}"#)
            #expect(token.status == 201)
            #expect(token.json["access_token"]?.stringValue?.isEmpty == false)
            let base = "/api/v2/dags/hello/dagRuns"
            let run = try await rota.request(.POST, base, body: #"{"logical_date": null, "dag_run_id": "t1", "conf": {"greeting": "there"}}"#)
            #expect(run.json["run_type"]?.stringValue == "manual")
            #expect(try await rota.eventually(timeout: 60) {
                try await rota.request(.GET, base + "/t1").json["state"]?.stringValue == "success"
            })
            let log = try await rota.textLog(base + "/t1/taskInstances/greet/logs/1")
            #expect(log == "hello there\n")

            let dry = try await rota.request(.POST, "/api/v2/dags/hello/clearTaskInstances", body: "{}").json
            #expect(dry["total_entries"]?.intValue == 0)
            let cleared = try await rota.request(.POST, "/api/v2/dags/hello/clearTaskInstances", body: """
                {"dry_run": false, "only_failed": false, "dag_run_id": "t1", "task_ids": ["done"]}
                """).json
            #expect(cleared["task_instances"]?.arrayValue.compactMap { $0["task_id"]?.stringValue } == ["done"])
            #expect(try await rota.eventually(timeout: 60) {
                let done = try await rota.request(.GET, base + "/t1/taskInstances/done").json
                return done["state"]?.stringValue == "success" && done["try_number"]?.intValue == 2
            })
            let tries = try await rota.request(.GET, base + "/t1/taskInstances/done/tries").json
            #expect(tries["total_entries"]?.intValue == 2)

            let marked = try await rota.request(.PATCH, base + "/t1", body: #"{"state": "failed"}"#)
            #expect(marked.json["state"]?.stringValue == "failed", "\(marked.text)")
        }
    }
}

extension RotaProcess {
    /// A task log as plain text (`Accept: text/plain`).
    func textLog(_ path: String) async throws -> String {
        var request = HTTPClientRequest(url: baseURL + path)
        request.headers.add(name: "Accept", value: "text/plain")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        var buffer = try await response.body.collect(upTo: 1 << 20)
        return buffer.readString(length: buffer.readableBytes) ?? ""
    }
}

/// The Python interpreter of a venv that has `apache-airflow-client`: the cached one at
/// `/tmp/rota-airflow-client-venv` when it already has the client, else a throwaway venv in the
/// test's temporary folder (installed from PyPI, so that run needs the network).
enum PythonClient {
    static let cached = "/tmp/rota-airflow-client-venv/bin/python"

    static var python: String? {
        ["/usr/bin/python3", "/usr/local/bin/python3", "/opt/homebrew/bin/python3"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    static func interpreter(scratch: String) throws -> String {
        if FileManager.default.isExecutableFile(atPath: cached), (try? run(cached, ["-c", "import airflow_client.client"]))?.code == 0 {
            return cached
        }
        guard let python else { throw TestFailure("python3 not found") }
        let venv = scratch + "/venv"
        let created = try run(python, ["-m", "venv", venv])
        guard created.code == 0 else { throw TestFailure("python3 -m venv failed: \(created.output)") }
        let installed = try run(venv + "/bin/pip", ["install", "--quiet", "apache-airflow-client"])
        guard installed.code == 0 else { throw TestFailure("pip install apache-airflow-client failed: \(installed.output)") }
        return venv + "/bin/python"
    }

    /// Runs a program to completion; stdout and stderr together.
    static func run(_ program: String, _ arguments: [String]) throws -> (code: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
